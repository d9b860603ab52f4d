package dev.whokilled.parsers.trace;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Suspect;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads process accounting as GNU acct prints it, keeping the runs of signal-sending commands ({@code kill},
 * {@code pkill}, {@code killall}, {@code killall5}, {@code skill}, {@code snice}, {@code timeout}, {@code top},
 * {@code htop}) as {@link Suspect} commands: the witness saw who ran the command and when,
 * not what it sent nor to whom.
 *
 * <ul>
 *   <li>{@code lastcomm}: {@code kill             S     root     pts/0      0.00 secs Sun Nov 22 10:00}
 *       ({@code %-16.16s}, five flag columns {@code S F C D X}, {@code %-8.8s} user and terminal, the CPU time, the
 *       start time to the minute without a year); the user is a name unless it has none, then its number; BSD's
 *       {@code -S} style flags are read too.</li>
 *   <li>{@code dump-acct}: {@code kill |v3| 0.00| 0.00| 0.00| 0| 0| 2904.00| 1432.00| 9451| 9446| | 0|pts/0
 *       |Sun Nov 22 11:36:25 2026}: the uid is a number, version 3 records give the pid and parent pid, the time
 *       has its year and seconds.</li>
 * </ul>
 *
 * <p>A year-less time takes the {@code year} option, else the latest year up to now whose date falls on the
 * weekday printed (recorded as assumed); the zone is the {@code zone} option's, else the caller's, else the system's (assumed).
 */
final class LastcommParser implements KillParser {

  /** The commands whose run is kept: they send signals, or (top, htop) can. */
  static final Set<String> SENDERS =
      Set.of("kill", "pkill", "killall", "killall5", "skill", "snice", "timeout", "top", "htop");

  private final TracerClock clock;

  LastcommParser(TracerClock clock) {
    this.clock = clock;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    String m = record.message();
    int v = m.indexOf("|v");
    if (v > 0 && v + 3 < m.length() && m.charAt(v + 3) == '|') {
      dumpAcct(record, m, v, sink);
      return;
    }
    int secs = m.lastIndexOf(" secs ");
    if (secs > 0) {
      lastcomm(record, m, secs, sink);
    }
  }

  private void lastcomm(LogRecord record, String m, int secs, EventSink sink) {
    List<Columns.Token> when = Columns.tokens(m, secs + 6, m.length(), 6);
    if (when == null || when.size() < 4) {
      return;
    }
    EventTime at = clock.ctime(m.substring(when.get(0).start(), when.get(3).end()));
    if (at == null) {
      return;
    }
    String comm;
    String user;
    String tty;
    int cpuEnd = secs;
    int cpuStart = cpuEnd;
    while (cpuStart > 0 && !Columns.blank(m.charAt(cpuStart - 1))) {
      cpuStart--;
    }
    if (!isCpu(m.substring(cpuStart, cpuEnd))) {
      return;
    }
    if (fixedLayout(m, cpuStart)) {
      comm = m.substring(0, 16).trim();
      user = m.substring(23, 31).trim();
      tty = m.substring(32, 40).trim();
    } else {
      List<Columns.Token> t = Columns.tokens(m, 0, cpuStart, 12);
      if (t == null || t.size() < 3) {
        return;
      }
      int n = t.size();
      tty = t.get(n - 1).of(m);
      user = t.get(n - 2).of(m);
      int commEnd = n - 2;
      if (commEnd > 1 && isFlags(t.get(commEnd - 1).of(m))) {
        commEnd--;
      }
      comm = m.substring(t.get(0).start(), t.get(commEnd - 1).end());
    }
    if (comm.isEmpty() || user.isEmpty() || !SENDERS.contains(comm)) {
      return;
    }
    String terminal = tty.isEmpty() || tty.equals("__") || tty.equals("?") ? null : tty;
    Integer uid = Text.isDigits(user) ? Text.toInt(Text.number(user, 0)) : null;
    emit(record, at, new ProcessRef(null, null, comm, uid, null, null, null), user, terminal, sink);
  }

  /** GNU lastcomm's columns: name to 16, a space, five flags, a space, user and terminal of 8 each. */
  private static boolean fixedLayout(String m, int cpuStart) {
    if (m.length() < 41 || cpuStart < 41 || m.charAt(16) != ' ' || m.charAt(22) != ' ' || m.charAt(31) != ' '
        || m.charAt(40) != ' ') {
      return false;
    }
    String flags = "SFCDX";
    for (int i = 0; i < 5; i++) {
      char c = m.charAt(17 + i);
      if (c != ' ' && c != flags.charAt(i)) {
        return false;
      }
    }
    return !m.substring(23, 31).isBlank() && Columns.tokens(m, 41, cpuStart, 0) != null;
  }

  private static boolean isFlags(String t) {
    if (t.length() > 6) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      if ("SFCDXE-".indexOf(t.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isCpu(String t) {
    int dot = t.indexOf('.');
    return dot > 0 && Text.isDigits(t.substring(0, dot)) && Text.isDigits(t.substring(dot + 1));
  }

  private void dumpAcct(LogRecord record, String m, int v, EventSink sink) {
    String comm = m.substring(0, v).trim();
    if (!SENDERS.contains(comm)) {
      return;
    }
    List<String> f = new ArrayList<>();
    int from = v + 1;
    while (f.size() < 20) {
      int bar = m.indexOf('|', from);
      f.add((bar < 0 ? m.substring(from) : m.substring(from, bar)).trim());
      if (bar < 0) {
        break;
      }
      from = bar + 1;
    }
    if (f.size() < 9 || f.size() >= 20) {
      return;
    }
    boolean v3 = f.get(0).equals("v3");
    EventTime at = clock.ctime(f.get(f.size() - 1));
    Long uid = Text.isDigits(f.get(4)) ? Text.number(f.get(4), 0) : null;
    if (at == null || uid == null) {
      return;
    }
    Long pid = null;
    if (v3 && f.size() >= 11 && Text.isDigits(f.get(8)) && Text.isDigits(f.get(9))) {
      pid = Text.number(f.get(8), 0);
    }
    String tty = f.size() >= 14 ? f.get(f.size() - 2) : "";
    String terminal = tty.isEmpty() || tty.equals("__") ? null : tty;
    emit(record, at, new ProcessRef(pid, null, comm, Text.toInt(uid), null, null, null),
        "uid " + uid, terminal, sink);
  }

  private static void emit(LogRecord record, EventTime at, ProcessRef sender, @Nullable String user,
      @Nullable String terminal, EventSink sink) {
    sink.event(new Suspect(ProcessRef.UNKNOWN, at, null, List.of(record), Suspect.Type.COMMAND, sender, user,
        terminal, sender.comm(), null));
  }
}
