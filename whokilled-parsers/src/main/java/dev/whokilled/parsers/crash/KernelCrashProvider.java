package dev.whokilled.parsers.crash;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Provides the parser of the kernel's crash lines: user-mode faults ({@code comm[pid]: segfault at …} of every
 * era, with {@code ip}/{@code rip}/{@code eip}; {@code traps: comm[pid] trap divide error|invalid opcode|int3
 * ip:…}; {@code general protection ip:…}) and kernel oopses ({@code BUG: kernel NULL pointer dereference},
 * {@code Oops:}, {@code general protection fault: 0000 [#1]}) with the task the {@code CPU:} line names.
 *
 * <p>The victim's pid is the id the kernel printed, which is the faulting thread's; the page fault error code is
 * kept as a number, and {@link PageFaultCode} turns it into words.
 */
public final class KernelCrashProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-kernel-crash";

  /** Creates the provider (for {@code ServiceLoader}). */
  public KernelCrashProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.CRASH;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.CRASH);
  }

  @Override
  public String description() {
    return "kernel fault lines (segfault at, traps: divide error/invalid opcode/int3/general protection) of every"
        + " era, and kernel oopses with the task they killed";
  }

  @Override
  public Prefilter prefilter() {
    List<String> starts = new ArrayList<>(List.of("BUG: unable to handle ", "BUG: kernel NULL pointer dereference",
        "Unable to handle kernel ", "Oops: ", "Internal error: Oops", "kernel BUG at ", "CPU: ", "Pid: ", "Process "));
    starts.addAll(KernelCrashParser.dieNames());
    return Prefilter.containing(FaultLine.SEGFAULT, "] trap ", "] general protection", "] control protection")
        .orStartingWith(starts.toArray(new String[0]));
  }

  @Override
  public KillParser create(ParserContext context) {
    return new KernelCrashParser(context.maxBlockLines());
  }
}
