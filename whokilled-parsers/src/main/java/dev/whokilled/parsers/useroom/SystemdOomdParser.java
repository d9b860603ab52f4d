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

/**
 * Reads systemd-oomd's kills: {@code Killed /user.slice/…/app-x.scope due to memory pressure for /user.slice/…
 * being 80.00% > 50.00% for > 20s with reclaim activity}, {@code Killed … due to swap used (…) / total (…) being
 * more than 90.00%} (v248–v250), {@code Killed … due to memory used (…) / total (…) and swap used (…) / total (…)
 * being more than 90.00%} (v251 on), and {@code Marked … for killing due to …} (the versions with pre-kill
 * hooks, which kill after the hooks answer and say nothing more).
 *
 * <p>systemd-oomd kills a whole cgroup: the event's victim is that cgroup (its unit read from the path), and,
 * when its debug lines {@code oomd attempting to kill 1234 with KILL} named exactly one process just before, that
 * pid too. v247, the first release, named no victim at notice level: nothing is reported for it here, and the
 * unit's own {@code systemd-oomd killed N process(es) in this unit} line (read by the systemd parser) is the only
 * witness. Dry runs ({@code oomd dry-run: Would have tried to kill …}) are not kills.
 */
final class SystemdOomdParser implements KillParser {

  /** Records within which {@code attempting to kill} lines belong to the kill line that follows. */
  static final int ATTEMPT_RECORDS = 64;
  /** Most {@code attempting to kill} lines kept. */
  static final int MAX_ATTEMPTS = 64;

  private static final String NAME = "systemd-oomd";

  private final int maxEvidence;
  private long n;
  private final List<LogRecord> attempts = new ArrayList<>();
  private final List<Long> attemptPids = new ArrayList<>();
  private long attemptAt;

  SystemdOomdParser(int maxBlockLines) {
    this.maxEvidence = Math.max(2, Math.min(maxBlockLines, 8));
  }

  @Override
  public void skipped(long records) {
    n += records;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    n++;
    String raw = record.message();
    if (raw.indexOf("ill") < 0) {
      return;
    }
    Tag w = Words.writer(record, NAME);
    if (w == null) {
      return;
    }
    String m = w.rest();
    if (m.startsWith("oomd attempting to kill ")) {
      attempt(record, m);
      return;
    }
    int path;
    String marker;
    if (m.startsWith("Killed /")) {
      path = "Killed ".length();
      marker = " due to ";
    } else if (m.startsWith("Marked /")) {
      path = "Marked ".length();
      marker = " for killing";
    } else {
      return;
    }
    int end = m.indexOf(marker, path);
    String cgroup = end < 0 ? m.substring(path) : m.substring(path, end);
    if (cgroup.length() < 2 || cgroup.indexOf(' ') >= 0 || end < 0 && marker.equals(" for killing")) {
      return;
    }
    String reason = null;
    if (end >= 0) {
      int due = m.indexOf(" due to ", end);
      reason = due < 0 ? null : m.substring(due + " due to ".length());
    }
    List<LogRecord> evidence = new ArrayList<>();
    Long pid = null;
    if (!attempts.isEmpty() && n - attemptAt <= ATTEMPT_RECORDS) {
      for (LogRecord a : attempts) {
        if (evidence.size() < maxEvidence - 1) {
          evidence.add(a);
        }
      }
      if (attemptPids.size() == 1) {
        pid = attemptPids.get(0);
      }
    }
    attempts.clear();
    attemptPids.clear();
    evidence.add(record);
    ProcessRef victim = ProcessRef.of(pid, null).withCgroup(cgroup);
    sink.event(Words.kill(victim, record, evidence, MemoryKiller.SYSTEMD_OOMD, ProcessRef.of(w.pid(), NAME),
        VictimMemory.UNKNOWN, null, null, reason, Signal.SIGKILL));
  }

  /** {@code oomd attempting to kill 1234 with KILL}: a process of the cgroup about to be named. */
  private void attempt(LogRecord record, String m) {
    int from = "oomd attempting to kill ".length();
    int end = Text.digitsEnd(m, from);
    Long pid = Text.digits(m, from, end);
    if (pid == null || pid <= 0) {
      return;
    }
    if (n - attemptAt > ATTEMPT_RECORDS) {
      attempts.clear();
      attemptPids.clear();
    }
    attemptAt = n;
    if (attempts.size() < MAX_ATTEMPTS) {
      attempts.add(record);
      if (!attemptPids.contains(pid)) {
        attemptPids.add(pid);
      }
    }
  }
}
