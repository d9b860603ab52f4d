package dev.whokilled.parsers.trace;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of the BPF signal and OOM tools: bcc's {@code killsnoop} and {@code oomkill}, bpftrace's
 * {@code killsnoop.bt} and {@code oomkill.bt} (ports of the same tools, printing the same lines), and libbpf-tools'
 * {@code sigsnoop}, {@code killsnoop} and {@code oomkill}.
 *
 * <p>Options: {@code date} ({@code yyyy-MM-dd}) and {@code zone}, to place the tools' {@code %H:%M:%S} times,
 * which carry no date.
 */
public final class BccProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-bcc";

  /** Creates the provider (for {@code ServiceLoader}). */
  public BccProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.SIGNAL;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.SIGNAL, KillEvent.Kind.OOM_KILL);
  }

  @Override
  public String description() {
    return "bcc and bpftrace killsnoop, libbpf-tools sigsnoop, and oomkill: who sent a signal to whom, whom the OOM killer chose";
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.containing(", OOM kill of PID ", "RESULT");
  }

  /**
   * A parser for one stream.
   *
   * @param context the stream's name and this parser's options
   * @return a new parser
   * @throws IllegalArgumentException if an option's value cannot be read
   */
  @Override
  public KillParser create(ParserContext context) {
    return new BccParser(TracerClock.of(context));
  }
}
