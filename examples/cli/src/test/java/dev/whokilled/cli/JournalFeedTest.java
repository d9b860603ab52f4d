package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.KillForensics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JournalFeedTest {

  /**
   * Entries of systemd stopping a unit, as {@code journalctl -o json} prints them: the messages and fields of the
   * parsers' corpus file {@code systemd/v249_flux_journal_json_rendering.log}, with the cursor journalctl adds.
   */
  private static final String KILLING = "{\"__CURSOR\":\"s=9a1c;i=1a2;b=6e0cbd5a2f4c4b1c9f3e2d7a8b5c4d3e;m=1;t=1;x=1\","
      + "\"__REALTIME_TIMESTAMP\":\"1645698851000137\",\"_BOOT_ID\":\"6e0cbd5a2f4c4b1c9f3e2d7a8b5c4d3e\","
      + "\"PRIORITY\":\"5\",\"SYSLOG_IDENTIFIER\":\"systemd\",\"_PID\":\"1\",\"_COMM\":\"systemd\","
      + "\"_TRANSPORT\":\"journal\",\"UNIT\":\"flux.service\","
      + "\"MESSAGE\":\"flux.service: Killing process 1640 (flux-broker-0) with signal SIGKILL.\"}";

  private static final String EXITED = "{\"__CURSOR\":\"s=9a1c;i=1a3;b=6e0cbd5a2f4c4b1c9f3e2d7a8b5c4d3e;m=2;t=2;x=2\","
      + "\"__REALTIME_TIMESTAMP\":\"1645698852000411\",\"_BOOT_ID\":\"6e0cbd5a2f4c4b1c9f3e2d7a8b5c4d3e\","
      + "\"PRIORITY\":\"5\",\"SYSLOG_IDENTIFIER\":\"systemd\",\"_PID\":\"1\",\"_COMM\":\"systemd\","
      + "\"_TRANSPORT\":\"journal\",\"UNIT\":\"flux.service\","
      + "\"MESSAGE\":\"flux.service: Main process exited, code=killed, status=9/KILL\"}";

  private static final String RC3 = "{\"__CURSOR\":\"s=9a1c;i=1a4;b=6e0cbd5a2f4c4b1c9f3e2d7a8b5c4d3e;m=3;t=3;x=3\","
      + "\"__REALTIME_TIMESTAMP\":\"1645698851000274\",\"_BOOT_ID\":\"6e0cbd5a2f4c4b1c9f3e2d7a8b5c4d3e\","
      + "\"PRIORITY\":\"5\",\"SYSLOG_IDENTIFIER\":\"systemd\",\"_PID\":\"1\",\"_COMM\":\"systemd\","
      + "\"_TRANSPORT\":\"journal\",\"UNIT\":\"flux.service\","
      + "\"MESSAGE\":\"flux.service: Killing process 46988 (rc3) with signal SIGKILL.\"}";

  @TempDir Path dir;

  /**
   * A journalctl that notes its arguments, then on its first run prints two entries and fails, and on the next
   * prints one and follows (sleeps) until stopped.
   */
  private Path fakeJournalctl() throws Exception {
    Path args = dir.resolve("args");
    Path script = dir.resolve("journalctl");
    Files.writeString(script, String.join("\n",
        "#!/bin/sh",
        "echo \"$*\" >> '" + args + "'",
        "if [ \"$(wc -l < '" + args + "')\" -eq 1 ]; then",
        "  printf '%s\\n' '" + KILLING + "' '" + EXITED + "'",
        "  echo 'Failed to iterate through journal: Bad message' >&2",
        "  exit 1",
        "fi",
        "printf '%s\\n' '" + RC3 + "'",
        "exec sleep 30",
        ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private static Watch.Settings fast() {
    return new Watch.Settings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(10),
        Duration.ofMinutes(1), 1000);
  }

  @Test
  void journalctlEnds_startedAgainAfterTheLastEntryRead() throws Exception {
    Path journalctl = fakeJournalctl();
    JournalFeed feed = new JournalFeed(List.of(journalctl.toString(), "-f", "-o", "json", "--no-pager"),
        () -> true, Duration.ZERO);
    WatchTest.Told told = new WatchTest.Told();
    Watch watch = new Watch(KillForensics.builder().build(), told, fast());
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> watch.run(List.of(feed)));

    for (int i = 0; i < 100 && told.pids().size() < 2; i++) {
      Thread.sleep(50);
    }
    watch.stop();
    run.get(10, TimeUnit.SECONDS);

    assertEquals(List.of(1640L, 46988L), told.pids(), "from both runs, each once");
    assertEquals(List.of(
        "-f -o json --no-pager --lines=0",
        "-f -o json --no-pager --after-cursor=s=9a1c;i=1a3;b=6e0cbd5a2f4c4b1c9f3e2d7a8b5c4d3e;m=2;t=2;x=2"),
        Files.readAllLines(dir.resolve("args")));
    assertEquals(List.of(journalctl + " -f ended (exit status 1: Failed to iterate through journal: Bad message); "
        + "following the journal again in 0 s, from its last entry read"), told.warnings);
    assertEquals(JournalFeed.SOURCE + ":1", told.deaths.get(0).verdict().evidence().get(0).location());
    assertEquals(JournalFeed.SOURCE + ":3", told.deaths.get(1).verdict().evidence().get(0).location(),
        "the journal is one source across restarts: its entries keep counting");
  }

  @Test
  void noJournald_waitsQuietly() throws Exception {
    Path journalctl = fakeJournalctl();
    JournalFeed feed = new JournalFeed(List.of(journalctl.toString(), "-f"), () -> false, Duration.ZERO);
    WatchTest.Told told = new WatchTest.Told();
    Watch watch = new Watch(KillForensics.builder().build(), told, fast());
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> watch.run(List.of(feed)));

    Thread.sleep(300);
    watch.stop();

    assertEquals(0, run.get(10, TimeUnit.SECONDS));
    assertFalse(feed.present());
    assertEquals(List.of(), told.warnings, "nothing to say of a journal that is not there");
    assertFalse(Files.exists(dir.resolve("args")), "journalctl never run");
  }

  @Test
  void cursor_ofAnEntry() {
    assertEquals("s=9a1c;i=1a3;b=6e0cbd5a2f4c4b1c9f3e2d7a8b5c4d3e;m=2;t=2;x=2", JournalFeed.cursor(EXITED));
    assertNull(JournalFeed.cursor("{\"MESSAGE\":\"no cursor\"}"));
    assertNull(JournalFeed.cursor("{\"__CURSOR\":\"s=1\\\"x\"}"), "a cursor is never escaped");
    assertNull(JournalFeed.cursor("{\"__CURSOR\":\""), "cut");
    assertTrue(JournalFeed.cursor("{\"__CURSOR\":\"\"}") == null, "empty");
  }
}
