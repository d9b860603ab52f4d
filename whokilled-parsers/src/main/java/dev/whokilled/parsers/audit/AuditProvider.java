package dev.whokilled.parsers.audit;

import dev.whokilled.event.KillEvent;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

/**
 * Provides the parser of Linux audit records: signal sends ({@code kill}, {@code tkill}, {@code tgkill},
 * {@code rt_sigqueueinfo}, {@code rt_tgsigqueueinfo}, {@code pidfd_send_signal} on x86_64, i386, arm64, arm,
 * riscv64 and loongarch64) with their targets, and abnormal ends ({@code ANOM_ABEND}).
 *
 * <p>It reads {@code audit.log} in the raw and the enriched format, {@code ausearch} output (raw, and
 * interpreted with {@code -i}), the kernel's log ({@code audit: type=1300 audit(…)} when no audit daemon runs)
 * and the journal. Options: {@code zone}, the time zone of {@code ausearch -i} output (default: the system's),
 * and {@code date-order}, {@code mdy} (default) or {@code dmy}, how to read a date like {@code 01/02/2024}
 * that fits both.
 */
public final class AuditProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-audit";

  /** Creates the provider (for {@code ServiceLoader}). */
  public AuditProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.AUDIT;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.SIGNAL, KillEvent.Kind.CRASH);
  }

  @Override
  public String description() {
    return "Linux audit: who sent a signal (kill, tkill, tgkill, sigqueue, pidfd syscalls) and abnormal ends";
  }

  /**
   * A parser for one stream.
   *
   * @throws IllegalArgumentException if the {@code zone} or {@code date-order} option is not valid
   */
  @Override
  public Prefilter prefilter() {
    return Prefilter.containing("audit(").orStartingWith("SYSCALL ", "OBJ_PID ", "PROCTITLE ", "ANOM_ABEND ", "----",
        "time->");
  }

  @Override
  public KillParser create(ParserContext context) {
    ZoneId zone = context.option("zone").map(AuditProvider::zone).orElseGet(ZoneId::systemDefault);
    AuditTime.DateOrder order = context.option("date-order").map(AuditProvider::order)
        .orElse(AuditTime.DateOrder.MDY);
    return new AuditParser(context.maxBlockLines(), new AuditTime(zone, order));
  }

  private static ZoneId zone(String value) {
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("zone must be a time zone id: " + value, e);
    }
  }

  private static AuditTime.DateOrder order(String value) {
    try {
      return AuditTime.DateOrder.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("date-order must be mdy or dmy: " + value, e);
    }
  }
}
