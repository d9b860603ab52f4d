package dev.whokilled.parsers.useroom;

import dev.whokilled.event.MemoryKiller;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.VictimMemory;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the kills of Meta's oomd, which it writes to the kernel log ({@code /dev/kmsg}) as
 * {@code oomd kill: 81.28 80.05 42.78 workload.slice/x.service 1000 ruleset:[…] detectorgroup:[…]
 * killer:kill_by_memory_size_or_growth v2} (the three memory pressures, the cgroup relative to the cgroup root,
 * its memory use in bytes; v0.1 wrote {@code detector:…} in place of the ruleset), and
 * {@code oomd kill: restarted systemd service=foo.service} for its service-restarting action. A kill by a plugin in
 * dry-run mode ({@code killer:(dry)…}) is not a kill.
 *
 * <p>oomd's own log (stderr, the journal under identifier {@code oomd}) lists the processes it signalled just
 * before, {@code [../src/oomd/plugins/BaseKillPlugin.cpp:287] Killed 2: 1234(python3) 1235(bash)}: that line joins
 * the kill as evidence, and when it names exactly one process, that process is the victim.
 */
final class OomdParser implements KillParser {

  /** Records within which oomd's {@code Killed N:} line belongs to the kill line that follows. */
  static final int KILLED_RECORDS = 64;

  private final int maxEvidence;
  private long n;
  private @Nullable LogRecord killed;
  private long killedAt;
  private @Nullable Long killedPid;
  private @Nullable String killedComm;

  OomdParser(int maxBlockLines) {
    this.maxEvidence = Math.max(2, Math.min(maxBlockLines, 8));
  }

  @Override
  public void skipped(long records) {
    n += records;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    n++;
    String m = record.message();
    int at = m.indexOf("oomd kill: ");
    if (at >= 0) {
      kill(record, m.substring(at + "oomd kill: ".length()), sink);
      return;
    }
    int k = m.indexOf("] Killed ");
    if (k >= 0 && (m.indexOf("KillPlugin") >= 0 || "oomd".equals(record.identifier()))) {
      killedLine(record, m, k + "] Killed ".length());
    } else if (m.startsWith("Killed ") && "oomd".equals(record.identifier())) {
      killedLine(record, m, "Killed ".length());
    }
  }

  /** {@code Killed 2: 1234(python3) 1235(bash)}, failures marked {@code [E1]}. */
  private void killedLine(LogRecord record, String m, int from) {
    int e = Text.digitsEnd(m, from);
    Long count = Text.digits(m, from, e);
    if (count == null || !m.startsWith(": ", e)) {
      return;
    }
    killed = record;
    killedAt = n;
    killedPid = null;
    killedComm = null;
    String list = m.substring(e + 2);
    int pe = Text.digitsEnd(list, 0);
    Long pid = Text.digits(list, 0, pe);
    if (count != 1 || pid == null || pid <= 0) {
      return;
    }
    String rest = list.substring(pe);
    if (rest.isEmpty()) {
      killedPid = pid;
    } else if (rest.startsWith("(") && rest.endsWith(")") && rest.length() > 2) {
      killedPid = pid;
      killedComm = rest.substring(1, rest.length() - 1);
    }
  }

  private void kill(LogRecord record, String body, EventSink sink) {
    List<LogRecord> evidence = new ArrayList<>();
    Long pid = null;
    String comm = null;
    if (killed != null && n - killedAt <= KILLED_RECORDS) {
      evidence.add(killed);
      pid = killedPid;
      comm = killedComm;
    }
    killed = null;
    evidence.add(record);
    if (evidence.size() > maxEvidence) {
      evidence.remove(0);
    }
    ProcessRef daemon = ProcessRef.of("oomd".equals(record.identifier()) ? record.senderPid() : null, "oomd");
    if (body.startsWith("restarted systemd service=")) {
      String unit = body.substring("restarted systemd service=".length());
      if (unit.endsWith(" (dry)") || unit.isEmpty() || unit.indexOf(' ') >= 0) {
        return;
      }
      sink.event(Words.kill(ProcessRef.ofUnit(unit), record, evidence, MemoryKiller.OOMD, daemon,
          VictimMemory.UNKNOWN, null, null, body, Signal.SIGTERM));
      return;
    }
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < body.length() && tokens.size() < 64) {
      while (i < body.length() && body.charAt(i) == ' ') {
        i++;
      }
      int s = i;
      while (i < body.length() && body.charAt(i) != ' ') {
        i++;
      }
      if (i > s) {
        tokens.add(body.substring(s, i));
      }
    }
    if (tokens.size() < 5 || !pressure(tokens.get(0)) || !pressure(tokens.get(1)) || !pressure(tokens.get(2))) {
      return;
    }
    int usage = -1;
    for (int t = 4; t < tokens.size(); t++) {
      String tok = tokens.get(t);
      if (Text.digits(tok, 0, tok.length()) != null) {
        usage = t;
        break;
      }
    }
    if (usage < 0) {
      return;
    }
    for (int t = usage + 1; t < tokens.size(); t++) {
      if (tokens.get(t).startsWith("killer:(dry)")) {
        return;
      }
    }
    String cgroup = String.join(" ", tokens.subList(3, usage));
    ProcessRef victim = ProcessRef.of(pid, comm).withCgroup(cgroup.startsWith("/") ? cgroup : "/" + cgroup);
    sink.event(Words.kill(victim, record, evidence, MemoryKiller.OOMD, daemon, VictimMemory.UNKNOWN, null, null,
        body, Signal.SIGKILL));
  }

  /** A memory pressure as oomd prints it: {@code 81.28}. */
  private static boolean pressure(String s) {
    int dot = s.indexOf('.');
    return dot > 0 && Text.digits(s, 0, dot) != null && (dot == s.length() - 1
        || Text.digits(s, dot + 1, s.length()) != null);
  }
}
