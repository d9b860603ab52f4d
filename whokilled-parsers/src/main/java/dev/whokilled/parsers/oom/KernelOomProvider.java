package dev.whokilled.parsers.oom;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of the kernel's OOM killer reports (Linux 2.4 to 6.x, RHEL, cgroup v1 and v2, group
 * kills) and of the OpenVZ/Virtuozzo beancounter OOM killer.
 */
public final class KernelOomProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-kernel-oom";

  /** Creates the provider (for {@code ServiceLoader}). */
  public KernelOomProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.KERNEL_OOM;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.OOM_KILL);
  }

  @Override
  public String description() {
    return "kernel OOM killer reports of every era (global, cpuset, memory cgroup v1/v2, group kills), OpenVZ";
  }

  @Override
  public Prefilter prefilter() {
    // every test OomParser makes before it acts (mayConcern, and a task table row), so nothing else changes it
    // a task table's rows and header start with "[ " or "[" and a digit; other brackets ("[Firmware Bug]") do not
    return Prefilter.containing("oom-kill", "ill process ", "illed process ", "oom_reaper: reaped process ",
        "Manual OOM execution", "VM: killing process ", "Task in ").orStartingWith("[ ", "[0", "[1", "[2", "[3", "[4",
        "[5", "[6", "[7", "[8", "[9", "Tasks in ", "CPU: ", "Pid: ", "memory", "swap: ");
  }

  @Override
  public KillParser create(ParserContext context) {
    return new OomParser(context.maxBlockLines());
  }
}
