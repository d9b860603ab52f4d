package dev.whokilled.parsers.strace;

import dev.whokilled.event.KillEvent;
import dev.whokilled.parsers.trace.TracerClock;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of strace output: the signals a traced process received ({@code --- SIGTERM
 * {si_signo=SIGTERM, si_code=SI_USER, si_pid=2310, si_uid=0} ---}) and how it ended ({@code +++ killed by
 * SIGTERM +++}), naming the sender the kernel recorded.
 *
 * <p>Options ({@link dev.whokilled.Parsers#withOption(String, String, String)} with id {@value #ID}):
 * {@code pid}, the traced process's pid when the output has no pid column and its file name does not end in
 * {@code .PID} (as {@code strace -ff -o out} writes); {@code date} ({@code yyyy-MM-dd}) and {@code zone} to
 * place {@code -t}/{@code -tt} times of day, which carry no date.
 */
public final class StraceProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-strace";

  /** Creates the provider (for {@code ServiceLoader}). */
  public StraceProvider() {}

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
    return Set.of(KillEvent.Kind.SIGNAL);
  }

  @Override
  public String description() {
    return "strace output of every era and option (-f, -ff, -t, -tt, -ttt, -r, -Y, -i): who sent the signal that"
        + " ended a traced process";
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.containing("--- ", "+++ ", "Process ", "resumed>", "exec", "clone", "fork(", "exit_group(",
        "kill(", "sigqueueinfo(");
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
    Long pid = null;
    String p = context.option("pid").orElse(null);
    if (p != null) {
      try {
        pid = Long.parseLong(p.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("option pid must be a number: " + p, e);
      }
      if (pid <= 0) {
        throw new IllegalArgumentException("option pid must be positive: " + p);
      }
    }
    return new StraceParser(context.source(), pid, TracerClock.of(context));
  }
}
