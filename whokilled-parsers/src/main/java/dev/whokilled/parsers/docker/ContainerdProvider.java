package dev.whokilled.parsers.docker;

import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of containerd's reports: its CRI log's {@code TaskOOM} and {@code TaskExit} events (gogo and
 * protobuf text eras), the CRI's container stops, {@code ctr events} ({@code /tasks/oom}, {@code /tasks/exit}) and
 * containerd 0.2's {@code process exited}.
 */
public final class ContainerdProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-containerd";

  /** Creates the provider (for {@code ServiceLoader}). */
  public ContainerdProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.CONTAINER;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.CONTAINER);
  }

  @Override
  public String description() {
    return "containerd's TaskOOM and TaskExit events (CRI log, ctr events), CRI container stops";
  }

  @Override
  public Prefilter prefilter() {
    // the phrases ContainerdParser acts on once its cheap test passed (a msg field's escaped quotes left out), and
    // any quoted msg field, whose backslash escapes could spell one
    return Prefilter.containing("msg=\"", "/tasks/", "TaskOOM event ", "SandboxExit event ", "TaskExit event",
        "eceived exit event ", "containerd: process exited", "StopPodSandbox for ", "returns sandbox id ",
        "TearDown network for sandbox ", "StopContainer for ", "Stop container ", "Kill container ")
        .exceptFrom(Origin.KERNEL);
  }

  @Override
  public KillParser create(ParserContext context) {
    return new ContainerdParser();
  }
}
