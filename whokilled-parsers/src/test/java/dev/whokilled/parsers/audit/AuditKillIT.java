package dev.whokilled.parsers.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import dev.whokilled.Session;
import dev.whokilled.event.Signal;
import dev.whokilled.event.SignalDelivery;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stages a real kill under an audit rule of its own and reads what audit wrote: {@code ausearch --raw} when an
 * audit daemon runs, else the kernel's log (where the kernel prints audit records itself). Skips itself where
 * the machine does not allow it (not root, no {@code auditctl}, audit not controllable or locked). Signals only
 * the {@code sleep} it started; the rule it adds is removed, and audit disabled again if it was, whatever
 * happens.
 */
final class AuditKillIT {

  @Test
  void stagedKill_senderNamedFromAuditRecords() throws Exception {
    Staged st = stage(null);
    Report report = KillForensics.analyze(st.records);
    Death death = report.findLast(st.victim).orElseThrow(() -> new AssertionError("no death of pid " + st.victim
        + " in " + st.records));
    assertEquals(Cause.SIGNAL, death.cause(), death.verdict().summary());
    assertNotNull(death.verdict().killer());
    assertEquals(st.killer, death.verdict().killer().pid());
    assertEquals("sh", death.verdict().killer().comm());
    assertEquals(Signal.SIGKILL, death.verdict().signal());
    SignalDelivery send = (SignalDelivery) death.events().get(0);
    assertTrue(send.detail().contains("key=" + st.key), send.detail());
  }

  /**
   * The same kill with the victim under {@code strace -f -ttt}: strace sees it die of SIGKILL and cannot name the
   * sender, the audit log names it; read together, one death with both witnesses, the sender from audit.
   */
  @Test
  void stagedKillUnderStrace_oneDeathTwoWitnesses(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(run("strace", "-V") != null, "no strace");
    Path trace = dir.resolve("victim.strace");
    Staged st = stage(trace);
    Session session = KillForensics.builder().build().newSession();
    session.read("audit", new StringReader(String.join("\n", st.records)));
    session.read(trace);
    Report report = session.report();
    List<Death> deaths = report.findByPid(st.victim);
    assertEquals(1, deaths.size(), "one death, two witnesses: " + deaths);
    Death death = deaths.get(0);
    assertEquals(Set.of("audit", "victim.strace"), death.events().stream()
        .map(e -> e.evidence().get(0).source()).collect(Collectors.toSet()), death.events().toString());
    assertEquals(Cause.SIGNAL, death.cause(), death.verdict().summary());
    assertEquals(st.killer, death.verdict().killer().pid(),
        () -> "audit's sender outranks strace's silence: " + death + "\n" + String.join("\n", st.records));
    assertTrue(death.verdict().confidence() >= 0.97, death.verdict().toString());
  }

  /** A staged kill: who died, who sent it, and what audit wrote. */
  private record Staged(long victim, long killer, String key, List<String> records) {}

  /**
   * Kills a {@code sleep} this test starts with a {@code sh -c "kill -9 PID"} it starts, under an audit rule of
   * its own (removed, and audit disabled again if it was, whatever happens); with {@code trace}, the sleep runs
   * under {@code strace -f -ttt -o trace}. Skips where the machine does not allow it.
   */
  private static Staged stage(@Nullable Path trace) throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "adding audit rules needs root");
    Run status = run("auditctl", "-s");
    Assumptions.assumeTrue(status != null, "no auditctl on this machine");
    Assumptions.assumeTrue(status.code == 0, () -> "audit is not usable here: " + status.out);
    long enabled = field(status.out, "enabled");
    long daemon = field(status.out, "pid");
    Assumptions.assumeTrue(enabled == 0 || enabled == 1, () -> "audit is locked or unknown: " + status.out);
    String key = "whokilled-it-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
    String arch = System.getProperty("os.arch", "").contains("64") ? "arch=b64" : "arch=b32";
    // SIGKILL only: strace stops its tracees with kill(SIGSTOP), whose records would use up the printing burst
    List<String> rule = List.of("-F", arch, "-S", "kill", "-F", "a1=9", "-k", key);
    Process sleep = null;
    long victim;
    long killer;
    List<String> records;
    try {
      if (enabled == 0) {
        Run on = run("auditctl", "-e", "1");
        Assumptions.assumeTrue(on != null && on.code == 0, "audit cannot be enabled here");
      }
      Run add = run(concat(List.of("auditctl", "-a", "always,exit"), rule));
      Assumptions.assumeTrue(add != null && add.code == 0, () -> "the audit rule was refused: " + add);
      if (daemon <= 0) {
        // with no daemon the kernel prints the records itself, ten in a burst every five seconds: those of enabling
        // audit and adding the rule would use the burst up and the kill's would be suppressed, so a window passes
        Thread.sleep(5_500);
      }
      if (trace == null) {
        sleep = new ProcessBuilder("sleep", "60").redirectErrorStream(true).start();
        victim = sleep.pid();
      } else {
        Path pidFile = trace.resolveSibling("victim.pid");
        sleep = new ProcessBuilder("strace", "-f", "-ttt", "-o", trace.toString(), "sh", "-c",
            "echo $$ > " + pidFile + "; exec sleep 60").redirectErrorStream(true).start();
        victim = waitForPid(pidFile);
      }
      Process sh = new ProcessBuilder("sh", "-c", "kill -9 " + victim).redirectErrorStream(true).start();
      killer = sh.pid();
      assertTrue(sh.waitFor(30, TimeUnit.SECONDS), "sh did not finish");
      assertTrue(sleep.waitFor(30, TimeUnit.SECONDS), "sleep was not killed");
      records = records(key, daemon, victim);
    } finally {
      run(concat(List.of("auditctl", "-d", "always,exit"), rule));
      if (enabled == 0) {
        run("auditctl", "-e", "0");
      }
      if (sleep != null) {
        sleep.destroyForcibly();
      }
    }
    if (daemon > 0) {
      // a daemon loses no record: none found means the rule or the reading of it is wrong
      assertFalse(records.isEmpty(), "auditd wrote no record of the kill under key " + key);
    } else {
      Assumptions.assumeFalse(records.isEmpty(),
          "audit wrote no record of the kill where it can be read (the kernel rate-limits its own printing)");
    }
    return new Staged(victim, killer, key, records);
  }

  private static long waitForPid(Path file) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (Files.exists(file)) {
        String s = Files.readString(file).strip();
        if (!s.isEmpty()) {
          return Long.parseLong(s);
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the traced shell wrote no pid to " + file);
  }

  /** The audit lines that mention the kill, waiting a while for the daemon to write them. */
  private static List<String> records(String key, long daemon, long victim) throws Exception {
    // a daemon writes every record, if late; the kernel's own printing drops records under its rate limit, and
    // what it has not printed within three seconds it will not print
    int attempts = daemon > 0 ? 50 : 15;
    for (int attempt = 0; attempt < attempts; attempt++) {
      List<String> lines = new ArrayList<>();
      if (daemon > 0) {
        Run r = run("ausearch", "--raw", "-k", key);
        if (r != null && r.code == 0) {
          lines = r.out.lines().toList();
        }
      } else {
        Run r = run("dmesg");
        if (r != null && r.code == 0) {
          lines = r.out.lines().filter(l -> l.contains("audit(")).toList();
        }
      }
      String target = "a0=" + Long.toHexString(victim) + " a1=9 "; // the kill itself, not strace's SIGSTOP
      if (lines.stream().anyMatch(l -> l.contains(key) && l.contains(target))) {
        return lines;
      }
      Thread.sleep(200);
    }
    return List.of();
  }

  private static long field(String status, String name) {
    for (String line : status.lines().toList()) {
      if (line.startsWith(name + " ")) {
        try {
          return Long.parseLong(line.substring(name.length() + 1).trim());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** A command's exit code and output. */
  private record Run(int code, String out) {}

  private static Run run(String... command) throws InterruptedException {
    return run(List.of(command));
  }

  /** Runs a command; {@code null} when it cannot be started (not installed). */
  private static Run run(List<String> command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Run(-1, "timed out");
      }
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    }
  }
}
