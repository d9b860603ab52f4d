package dev.whokilled.parsers.useroom;

import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Tag;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads earlyoom's kills in every message era:
 *
 * <ul>
 *   <li>v0.x: {@code Out of memory! avail: 0 MiB < min: 587 MiB}, then {@code Killing process 8230 sudo} (always
 *       SIGKILL);
 *   <li>v1.0–1.2: {@code Killing process 'tail' with signal 15, pid: 24059, badness: 997, VmRSS: 4278 MiB}, and
 *       the short-lived {@code killing process 27541 "bash" with signal 15: badness 550, VmRSS 7609 MiB};
 *   <li>v1.3–1.6: {@code sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB} (the first
 *       1.3 builds without {@code uid});
 *   <li>v1.7: {@code …: oom_score 823, VmRSS 79 MiB, cmdline "…"}; v1.8 and later add {@code oom_score_adj}.
 * </ul>
 *
 * <p>The {@code low memory!} line before a kill (or {@code Low Memory!}, {@code Out of memory!} in older eras) is
 * its reason. A kill waits for earlyoom's confirmation ({@code process 7378 exited after 0.5 seconds}, or
 * {@code process exited after …} before 1.6) for a while; {@code escalating to SIGKILL} makes its signal SIGKILL;
 * {@code kill failed: …} (or a dry run) means nothing died: no event, a warning. Repeated sends to the same pid
 * (a process that ignores SIGTERM) are one kill. Only records earlyoom wrote count, or lines without framing.
 */
final class EarlyoomParser implements KillParser {

  /** Records a kill waits for its confirmation (earlyoom waits 10 s by default, polling every 100 ms). */
  static final int CONFIRM_RECORDS = 150;
  /** Time a kill waits for its confirmation. */
  static final long CONFIRM_MILLIS = 15_000;
  /** Records within which a {@code low memory!} line is the reason of the kill that follows. */
  static final int REASON_RECORDS = 8;
  /** Time within which a {@code low memory!} line is the reason of the kill that follows. */
  static final long REASON_MILLIS = 5_000;

  private static final String NAME = "earlyoom";

  private final int maxEvidence;
  private long n;
  private @Nullable Kill pending;
  private @Nullable LogRecord reasonLine;
  private @Nullable String reasonWords;
  private long reasonAt;
  private @Nullable LogRecord memLine;
  private long memAt;

  EarlyoomParser(int maxBlockLines) {
    this.maxEvidence = Math.max(3, Math.min(maxBlockLines, 16));
  }

  /** A kill waiting for its confirmation. */
  private final class Kill {
    final long pid;
    final List<LogRecord> evidence = new ArrayList<>();
    LogRecord at;
    long atN;
    @Nullable String name;
    @Nullable Integer uid;
    @Nullable Long score;
    @Nullable Integer adj;
    @Nullable Long rssBytes;
    Signal signal;
    @Nullable String reason;
    @Nullable Long daemonPid;

    Kill(long pid, LogRecord at, Signal signal) {
      this.pid = pid;
      this.at = at;
      this.atN = n;
      this.signal = signal;
    }

    void add(LogRecord r) {
      if (evidence.size() < maxEvidence && !evidence.contains(r)) {
        evidence.add(r);
      }
    }
  }

  @Override
  public long patience() {
    return pending == null ? Long.MAX_VALUE : 0; // a kill waits for its confirmation by the time of any record
  }

  @Override
  public void skipped(long records) {
    n += records;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    n++;
    Kill k = pending;
    if (k != null && (n - k.atN > CONFIRM_RECORDS || Text.after(k.at, record, CONFIRM_MILLIS))) {
      emit(sink);
    }
    String raw = record.message();
    if (raw.indexOf("rocess") < 0 && raw.indexOf("emory") < 0 && raw.indexOf("kill") < 0
        && raw.indexOf("avail") < 0 && raw.indexOf("dryrun") < 0 && raw.indexOf("escalating") < 0) {
      return;
    }
    Tag w = Words.writer(record, NAME);
    if (w == null) {
      return;
    }
    String m = w.rest();
    boolean own = record.identifier() != null || w.pid() != null;
    int at;
    // the kill lines first: a victim's name may hold any of the other lines' words ("mem avail:")
    if ((at = m.indexOf("sending ")) >= 0 && m.indexOf(" to process ", at + "sending".length()) > at) {
      modern(record, m, at, w.pid(), sink);
    } else if ((at = m.indexOf("Killing process '")) >= 0) {
      v11(record, m, at, w.pid(), sink);
    } else if ((at = m.indexOf("killing process ")) >= 0) {
      v12(record, m, at, w.pid(), sink);
    } else if ((at = m.indexOf("Killing process ")) >= 0) {
      v0(record, m, at, own, w.pid(), sink);
    } else if ((at = m.indexOf("exited after ")) >= 0 && m.indexOf("rocess ") >= 0) {
      exited(record, m, sink);
    } else if (m.indexOf("escalating to SIGKILL") >= 0) {
      if (pending != null) {
        pending.signal = Signal.SIGKILL;
        pending.add(record);
      }
    } else if ((at = m.indexOf("kill failed: ")) >= 0 || m.indexOf("Could not kill process") >= 0) {
      failed(record, at >= 0 ? m.substring(at + "kill failed: ".length()) : m, sink);
    } else if (m.indexOf("dryrun, not actually sending any signal") >= 0) {
      pending = null;
    } else if (m.indexOf(" did not exit") >= 0 || m.indexOf("kill_release: pid=") >= 0
        || m.indexOf("killing whole process group") >= 0) {
      if (pending != null) {
        pending.add(record);
      }
    } else if (m.indexOf("mem avail:") >= 0 || m.startsWith("avail: ")) {
      memLine = record;
      memAt = n;
    } else if ((at = lowMemory(m)) >= 0) {
      reasonLine = record;
      reasonWords = m.substring(at);
      reasonAt = n;
    }
  }

  @Override
  public void finish(EventSink sink) {
    emit(sink);
  }

  /** Where a {@code low memory!} line's words start, in any era's spelling, or -1. */
  private static int lowMemory(String m) {
    int at = m.indexOf("ow memory!");
    if (at < 0) {
      at = m.indexOf("ow Memory!");
    }
    if (at >= 1) {
      return at - 1;
    }
    return m.indexOf("Out of memory!");
  }

  // --------------------------------------------------------------------------------------------- kill lines

  /**
   * {@code sending SIGTERM to process 7378 uid 1000 "tail": badness 156, VmRSS 4962 MiB} and its later forms
   * ({@code oom_score}, {@code oom_score_adj}, {@code cmdline}); the first 1.3 builds had no {@code uid}.
   */
  private void modern(LogRecord record, String m, int at, @Nullable Long daemonPid, EventSink sink) {
    int to = m.indexOf(" to process ", at + "sending ".length());
    if (to < 0) {
      return; // "sending to process": no signal at all (found by fuzzing)
    }
    Signal sig = signal(m.substring(at + "sending ".length(), to));
    if (sig == null) {
      return; // "0 (no-op signal)", earlyoom's self-test, or a signal it never sends
    }
    int i = to + " to process ".length();
    int end = Text.digitsEnd(m, i);
    Long pid = Text.digits(m, i, end);
    if (pid == null || pid <= 0) {
      return;
    }
    Integer uid = null;
    i = end;
    if (m.startsWith(" uid ", i)) {
      int e = Text.digitsEnd(m, i + 5);
      Long u = Text.digits(m, i + 5, e);
      if (u == null || u > Integer.MAX_VALUE) {
        return;
      }
      uid = u.intValue();
      i = e;
    }
    if (!m.startsWith(" \"", i)) {
      return;
    }
    int nameFrom = i + 2;
    for (int q = m.indexOf("\": ", nameFrom); q >= 0; q = m.indexOf("\": ", q + 1)) {
      Fields f = Fields.read(m, q + 3, ", ", ' ');
      if (f != null) {
        Kill k = start(record, pid, sig, daemonPid, sink);
        k.name = m.substring(nameFrom, q);
        k.uid = uid;
        f.into(k);
        return;
      }
    }
  }

  /** {@code Killing process 'tail' with signal 15, pid: 24059, badness: 997, VmRSS: 4278 MiB} (v1.0–1.2). */
  private void v11(LogRecord record, String m, int at, @Nullable Long daemonPid, EventSink sink) {
    int nameFrom = at + "Killing process '".length();
    int q = m.lastIndexOf("' with signal ");
    if (q < nameFrom) {
      return;
    }
    int s = q + "' with signal ".length();
    int e = Text.digitsEnd(m, s);
    Long num = Text.digits(m, s, e);
    Signal sig = num == null ? null : Signal.fromNumber(num).orElse(null);
    if (sig == null || !m.startsWith(", pid: ", e)) {
      return;
    }
    int p = e + ", pid: ".length();
    int pe = Text.digitsEnd(m, p);
    Long pid = Text.digits(m, p, pe);
    if (pid == null || pid <= 0) {
      return;
    }
    Fields f = m.startsWith(", ", pe) ? Fields.read(m, pe + 2, ", ", ':') : null;
    if (f == null) {
      return;
    }
    Kill k = start(record, pid, sig, daemonPid, sink);
    k.name = m.substring(nameFrom, q);
    f.into(k);
  }

  /** {@code killing process 27541 "bash" with signal 15: badness 550, VmRSS 7609 MiB} (1.2 development builds). */
  private void v12(LogRecord record, String m, int at, @Nullable Long daemonPid, EventSink sink) {
    int p = at + "killing process ".length();
    int pe = Text.digitsEnd(m, p);
    Long pid = Text.digits(m, p, pe);
    if (pid == null || pid <= 0 || !m.startsWith(" \"", pe)) {
      return;
    }
    int q = m.lastIndexOf("\" with signal ");
    if (q < pe + 2) {
      return;
    }
    int s = q + "\" with signal ".length();
    int e = Text.digitsEnd(m, s);
    Long num = Text.digits(m, s, e);
    Signal sig = num == null ? null : Signal.fromNumber(num).orElse(null);
    Fields f = sig != null && m.startsWith(": ", e) ? Fields.read(m, e + 2, ", ", ' ') : null;
    if (f == null || sig == null) {
      return;
    }
    Kill k = start(record, pid, sig, daemonPid, sink);
    k.name = m.substring(pe + 2, q);
    f.into(k);
  }

  /**
   * {@code Killing process 8230 sudo} (v0.x, SIGKILL, the name from {@code /proc/pid/stat}, with or without its
   * parentheses). Other programs print such words too, so a line without framing counts only right after
   * earlyoom's {@code Out of memory!} or status line.
   */
  private void v0(LogRecord record, String m, int at, boolean own, @Nullable Long daemonPid, EventSink sink) {
    int p = at + "Killing process ".length();
    int pe = Text.digitsEnd(m, p);
    Long pid = Text.digits(m, p, pe);
    if (pid == null || pid <= 0 || !m.startsWith(" ", pe) || m.indexOf(" with signal ", pe) >= 0) {
      return;
    }
    boolean near = reasonLine != null && n - reasonAt <= 3 || memLine != null && n - memAt <= 3;
    if (!own && !near) {
      return;
    }
    String name = m.substring(pe + 1).trim();
    if (name.length() > 2 && name.startsWith("(") && name.endsWith(")")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.isEmpty()) {
      return;
    }
    Kill k = start(record, pid, Signal.SIGKILL, daemonPid, sink);
    k.name = name;
  }

  private static @Nullable Signal signal(String s) {
    return switch (s) {
      case "SIGTERM" -> Signal.SIGTERM;
      case "SIGKILL" -> Signal.SIGKILL;
      default -> null;
    };
  }

  /** A new kill, or the same one again when earlyoom sends to the same pid before it is gone. */
  private Kill start(LogRecord record, long pid, Signal sig, @Nullable Long daemonPid, EventSink sink) {
    Kill k = pending;
    if (k != null && k.pid == pid) {
      k.signal = sig == Signal.SIGKILL ? sig : k.signal;
      k.add(record);
      return k;
    }
    emit(sink);
    k = new Kill(pid, record, sig);
    k.daemonPid = daemonPid;
    if (memLine != null && n - memAt <= REASON_RECORDS) {
      k.add(memLine);
    }
    if (reasonLine != null && n - reasonAt <= REASON_RECORDS && !Text.after(reasonLine, record, REASON_MILLIS)) {
      k.add(reasonLine);
      k.reason = reasonWords;
    }
    k.add(record);
    pending = k;
    return k;
  }

  // -------------------------------------------------------------------------------------------- the outcome

  /** {@code process 7378 exited after 0.5 seconds} (before 1.6: {@code process exited after …}). */
  private void exited(LogRecord record, String m, EventSink sink) {
    Kill k = pending;
    if (k == null) {
      return;
    }
    int at = m.indexOf("rocess ");
    int i = at + "rocess ".length();
    int e = Text.digitsEnd(m, i);
    Long pid = Text.digits(m, i, e);
    if (pid != null && pid != k.pid) {
      return;
    }
    k.add(record);
    emit(sink);
  }

  private void failed(LogRecord record, String why, EventSink sink) {
    Kill k = pending;
    if (k == null) {
      return;
    }
    pending = null;
    sink.warning(record, "earlyoom failed to kill " + (k.name == null ? "" : k.name + " ") + "(pid " + k.pid
        + "): " + why + "; it did not die of it");
  }

  private void emit(EventSink sink) {
    Kill k = pending;
    pending = null;
    if (k == null) {
      return;
    }
    ProcessRef victim = ProcessRef.of(k.pid, k.name).withUid(k.uid);
    VictimMemory memory = k.rssBytes == null ? VictimMemory.UNKNOWN : VictimMemory.ofResident(k.rssBytes);
    sink.event(Words.kill(victim, k.at, k.evidence, MemoryKiller.EARLYOOM, ProcessRef.of(k.daemonPid, NAME),
        memory, k.adj, k.score, k.reason, k.signal));
  }

  /** The {@code key value} fields after a kill line's name, read strictly so that a hostile name cannot fake them. */
  private record Fields(@Nullable Long score, @Nullable Integer adj, long rssBytes) {

    /**
     * Reads {@code key value, key value, …} ({@code sep} {@code ", "}; {@code kv} the key-value separator,
     * {@code ' '} or {@code ':'} for v1.0's {@code badness: 997}) up to the end or a final {@code cmdline "…"}.
     *
     * @return the fields, or {@code null} when the text is not such a list or has no {@code VmRSS}
     */
    static @Nullable Fields read(String m, int from, String sep, char kv) {
      Long oomScore = null;
      Long badness = null;
      Integer adj = null;
      Long rss = null;
      int i = from;
      while (true) {
        int ke = i;
        while (ke < m.length() && (Character.isLetterOrDigit(m.charAt(ke)) || m.charAt(ke) == '_')) {
          ke++;
        }
        if (ke == i || ke >= m.length() || m.charAt(ke) != kv) {
          return null;
        }
        String key = m.substring(i, ke);
        int v = ke + 1;
        if (kv == ':' && v < m.length() && m.charAt(v) == ' ') {
          v++;
        }
        if (key.equals("cmdline")) {
          if (v >= m.length() || m.charAt(v) != '"' || m.charAt(m.length() - 1) != '"' || m.length() - v < 2) {
            return null;
          }
          break; // the command line runs to the end of the line
        }
        int ve = v;
        if (ve < m.length() && m.charAt(ve) == '-') {
          ve++;
        }
        while (ve < m.length() && (Character.isLetterOrDigit(m.charAt(ve)) || m.charAt(ve) == '_'
            || m.charAt(ve) == '.')) {
          ve++;
        }
        if (ve == v) {
          return null;
        }
        String value = m.substring(v, ve);
        String unit = null;
        if (m.startsWith(" ", ve)) {
          int ue = ve + 1;
          while (ue < m.length() && Character.isLetter(m.charAt(ue))) {
            ue++;
          }
          unit = m.substring(ve + 1, ue);
          if (unit.equals("MiB") || unit.equals("KiB") || unit.equals("GiB")) {
            ve = ue;
          } else {
            unit = null;
          }
        }
        switch (key) {
          case "oom_score" -> oomScore = whole(value);
          case "badness" -> badness = unit == null ? whole(value) : null;
          case "oom_score_adj" -> {
            Long a = whole(value);
            adj = a == null || a < -1000 || a > 1000 ? null : a.intValue();
          }
          case "VmRSS" -> rss = bytes(value, unit == null ? "MiB" : unit);
          default -> {
            // a field of a later era or a fork: its value was read as one token
          }
        }
        if (ve == m.length()) {
          break;
        }
        if (!m.startsWith(sep, ve)) {
          return null;
        }
        i = ve + sep.length();
      }
      if (rss == null) {
        return null;
      }
      return new Fields(oomScore != null ? oomScore : badness, adj, rss);
    }

    private static @Nullable Long whole(String v) {
      boolean neg = v.startsWith("-");
      Long x = Text.digits(v, neg ? 1 : 0, v.length());
      return x == null ? null : neg ? -x : x;
    }

    private static @Nullable Long bytes(String v, String unit) {
      long scale = switch (unit) {
        case "KiB" -> 1L << 10;
        case "GiB" -> 1L << 30;
        default -> 1L << 20;
      };
      Long x = whole(v);
      if (x != null) {
        return x < 0 || x > Long.MAX_VALUE / scale ? null : x * scale;
      }
      try {
        double d = Double.parseDouble(v);
        return d < 0 || d * scale > Long.MAX_VALUE || Double.isNaN(d) ? null : Math.round(d * scale);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    void into(Kill k) {
      k.score = score;
      k.adj = adj;
      k.rssBytes = rssBytes;
    }
  }
}
