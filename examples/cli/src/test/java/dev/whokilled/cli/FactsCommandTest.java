package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.cli.TestSupport.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code whokilled facts} and {@code whokilled top} on the trees captured for whokilled-procfs's tests: a VM with
 * cgroup v1 (processes started with known settings) and a cgroup v2 tree of published files.
 */
final class FactsCommandTest {

  @TempDir Path dir;

  static final String VM = TestSupport.tree("v1-hybrid-vm").toString();
  static final String V2 = TestSupport.tree("v2-public").toString();

  @Test
  void facts_json_theDocumentOfDesign() {
    Run r = run("facts", "--root", VM, "--pid", "25655", "--json");

    assertEquals(0, r.status(), r.err());
    assertEquals("{\"schema\":\"whokilled/v1\",\"process\":{\"pid\":25655,\"name\":\"my (app) x\",\"state\":\"S\","
        + "\"oom_score\":1000,\"oom_score_adj\":500,\"rss\":11468800,\"core_limit\":{\"soft\":0,\"hard\":null},"
        + "\"signals\":{\"caught\":[\"SIGTERM\"],\"ignored\":[\"SIGHUP\",\"SIGINT\",\"SIGQUIT\",\"SIGPIPE\",\"SIGXFSZ\"],"
        + "\"blocked\":[\"SIGUSR1\"]},\"cgroup\":{\"path\":\"/process_api/07cc74ecfb3c99444f2e30f0f1c238ce/"
        + "whokilled-fixture\",\"memory_limit\":67108864,\"memory_usage\":0,\"oom_kills\":0},\"core_dump\":{"
        + "\"pattern\":\"core\",\"would_write\":false,\"why\":\"RLIMIT_CORE is 0 (ulimit -c 0), so the kernel writes "
        + "no core\"}}}", r.out().strip());
    assertEquals("", r.err());
  }

  @Test
  void facts_text_everyFact() {
    Run r = run("facts", "--root", VM, "--pid", "25655");

    assertEquals(0, r.status(), r.err());
    assertEquals(List.of(
        "my (app) x (pid 25655)",
        "  state       S (sleeping)",
        "  oom score   1000 (oom_score_adj 500)",
        "  memory      10.9 MiB resident",
        "  core limit  soft 0, hard unlimited",
        "  core dump   no: RLIMIT_CORE is 0 (ulimit -c 0), so the kernel writes no core",
        "  signals     caught SIGTERM; ignored SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGXFSZ; blocked SIGUSR1",
        "  cgroup      /process_api/07cc74ecfb3c99444f2e30f0f1c238ce/whokilled-fixture (cgroup v1): limit 64.0 MiB, "
            + "usage 0.0 MiB, 0 OOM kills",
        "  started     2026-11-22T15:31:49Z (16628.69 s after boot)",
        "  command     /root/.pyenv/versions/3.11.7/bin/python3 /tmp/procfs-scratch/actors.py"), r.out().lines().toList());
  }

  @Test
  void facts_hostileName_escapedForTheTerminalNotForJson() {
    Run text = run("facts", "--root", VM, "--pid", "25656");
    Run json = run("facts", "--root", VM, "--pid", "25656", "--json");

    assertTrue(text.out().startsWith("a\\x0ab\\c) d (pid 25656)\n"), text.out());
    assertTrue(json.out().contains("\"name\":\"a\\nb\\\\c) d\""), json.out());
  }

  @Test
  void facts_zombie_noMemoryOfItsOwn() {
    Run r = run("facts", "--root", VM, "--pid", "25658", "--json");

    assertTrue(r.out().contains("\"state\":\"Z\",\"oom_score\":0,\"oom_score_adj\":0,\"rss\":null,"), r.out());
    assertTrue(run("facts", "--root", VM, "--pid", "25658").out().contains("  memory      none of its own\n"));
  }

  @Test
  void facts_filesNotThere_nullsAndWarnings() {
    // the v2 tree holds only the status, limits and cgroup of pid 1, and no files of its cgroup
    Run r = run("facts", "--root", V2, "--pid", "1", "--json");

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("\"oom_score\":null,\"oom_score_adj\":null,\"rss\":14163968,"), r.out());
    assertTrue(r.out().contains("\"cgroup\":{\"path\":\"/init.scope\",\"memory_limit\":null,\"memory_usage\":null,"
        + "\"oom_kills\":null},\"core_dump\":{\"pattern\":\"|/usr/lib/systemd/systemd-coredump %P %u %g %s %t %c %h\","
        + "\"would_write\":false,\"why\":\"cores go to systemd-coredump, which logs the crash but keeps no core when "
        + "RLIMIT_CORE is 0\"}"), r.out());
    List<String> err = r.err().lines().toList();
    assertTrue(err.contains("whokilled: warning: pid 1: oom_score: missing"), r.err());
    assertTrue(err.contains("whokilled: warning: /proc/sys/kernel/core_uses_pid: missing"), r.err());
    assertTrue(err.stream().noneMatch(l -> l.contains("pressure")), "host facts not shown are not warned of");
  }

  @Test
  void facts_noSuchProcess_oneLineExitOne() {
    Run r = run("facts", "--root", VM, "--pid", "4242");

    assertEquals(1, r.status());
    assertEquals("whokilled: no process 4242 in " + Path.of(VM, "proc") + System.lineSeparator(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void facts_usageErrors_exitTwo() {
    Run zero = run("facts", "--root", VM, "--pid", "0");
    Run none = run("facts", "--root", VM);
    Run word = run("facts", "--pid", "web");
    Run pretty = run("facts", "--root", VM, "--pid", "1", "--pretty");

    assertEquals(2, zero.status());
    assertEquals("whokilled: --pid must be positive: 0", zero.err().lines().findFirst().orElse(""));
    assertEquals("Try 'whokilled facts --help' for more information.", zero.err().lines().skip(1).findFirst()
        .orElse(""));
    assertEquals(2, none.status());
    assertTrue(none.err().startsWith("whokilled: Missing required option: '--pid=N'"), none.err());
    assertEquals(2, word.status());
    assertTrue(word.err().startsWith("whokilled: Invalid value for option '--pid': 'web' is not a long"), word.err());
    assertEquals(2, pretty.status());
    assertTrue(pretty.err().startsWith("whokilled: --pretty needs --json"), pretty.err());
  }

  @Test
  void root_notATree_exitOne() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");

    Run missing = run("facts", "--root", dir.resolve("nope").toString(), "--pid", "1");
    Run notDir = run("top", "--root", file.toString());
    Run empty = run("top", "--root", dir.toString());

    assertEquals(1, missing.status());
    assertEquals("whokilled: cannot read " + dir.resolve("nope") + ": no such directory (--root)",
        missing.err().strip());
    assertEquals(1, notDir.status());
    assertEquals("whokilled: cannot read " + file + ": not a directory (--root)", notDir.err().strip());
    assertEquals(1, empty.status());
    assertEquals("whokilled: cannot read " + dir + ": not a tree captured with 'whokilled snapshot' (it holds no "
        + "proc)", empty.err().strip());
  }

  @Test
  void top_json_inTheKernelsOrder() {
    Run r = run("top", "--root", VM, "--json");

    assertEquals(0, r.status(), r.err());
    // pid 1, the kernel thread and the zombie are never chosen
    assertEquals("{\"schema\":\"whokilled/v1\",\"processes\":["
        + "{\"pid\":25656,\"name\":\"a\\nb\\\\c) d\",\"oom_score\":1333,\"oom_score_adj\":1000,\"rss\":11464704,"
        + "\"cgroup\":\"/process_api/07cc74ecfb3c99444f2e30f0f1c238ce\"},"
        + "{\"pid\":25655,\"name\":\"my (app) x\",\"oom_score\":1000,\"oom_score_adj\":500,\"rss\":11468800,"
        + "\"cgroup\":\"/process_api/07cc74ecfb3c99444f2e30f0f1c238ce/whokilled-fixture\"},"
        + "{\"pid\":25657,\"name\":\"zparent\",\"oom_score\":666,\"oom_score_adj\":0,\"rss\":11464704,"
        + "\"cgroup\":\"/process_api/07cc74ecfb3c99444f2e30f0f1c238ce\"}]}", r.out().strip());
  }

  @Test
  void top_text_aTableAndWhatIsLeftOut() {
    Run r = run("top", "--root", VM, "-n", "2");

    assertEquals(0, r.status(), r.err());
    assertEquals(List.of(
        "The processes the OOM killer would choose when " + VM + " was captured (2026-11-22T15:31:52Z), first to "
            + "last:",
        "     PID  SCORE    ADJ         RSS  NAME             CGROUP",
        "   25656   1333   1000    10.9 MiB  a\\x0ab\\c) d      /process_api/07cc74ecfb3c99444f2e30f0f1c238ce",
        "   25655   1000    500    10.9 MiB  my (app) x       "
            + "/process_api/07cc74ecfb3c99444f2e30f0f1c238ce/whokilled-fixture",
        "2 of 3 candidates shown (-n 0 shows all); never chosen, so not listed: kernel threads, pid 1, "
            + "oom_score_adj -1000, zombies."), r.out().lines().toList());
  }

  @Test
  void top_count() {
    assertEquals(1, TestSupport.array(TestSupport.object(TestSupport.parse(
        run("top", "--root", VM, "-n", "1", "--json").out())).get("processes")).size());
    assertEquals(3, TestSupport.array(TestSupport.object(TestSupport.parse(
        run("top", "--root", VM, "-n", "0", "--json").out())).get("processes")).size());
    Run negative = run("top", "--root", VM, "-n", "-1");
    assertEquals(2, negative.status());
    assertTrue(negative.err().startsWith("whokilled: -n must be 0 (all) or more: -1"), negative.err());
  }

  @Test
  void top_noCandidate_saysSo() throws IOException {
    Files.createDirectories(dir.resolve("proc/1"));
    Files.writeString(dir.resolve("proc/1/status"), "Name:\tinit\nState:\tS (sleeping)\n");

    Run r = run("top", "--root", dir.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals("No process the OOM killer could choose when " + dir + " was captured.", r.out().strip());
  }

  @Test
  void commandAfterLogArguments_usageErrorSayingHowToNameTheFile() {
    Run file = run("kern.log", "facts", "--pid", "1");
    Run option = run("--json", "--zone", "UTC", "top");

    assertEquals(2, file.status());
    assertTrue(file.err().startsWith("whokilled: 'facts' is a command of its own, not a FILE: to read a file named "
        + "facts, write ./facts"), file.err());
    assertEquals(2, option.status());
    assertTrue(option.err().startsWith("whokilled: --json, --zone belong to the log analysis, not to 'top'; give "
        + "top's options after its name"), option.err());
    assertEquals("", file.out() + option.out());
  }

  @Test
  void help_listsTheCommandsAndHowToReadAFileNamedLikeOne() {
    Run main = run("--help");
    Run facts = run("facts", "--help");

    assertTrue(main.out().contains("Commands:"), main.out());
    assertTrue(main.out().replaceAll("\\s+", " ").contains("to read a FILE named like one of them, write ./facts."),
        main.out());
    assertTrue(main.out().contains("--facts=DIR"), main.out());
    assertEquals(0, facts.status());
    assertTrue(facts.out().contains("Usage: whokilled facts [-hV] [--json] [--pretty] --pid=N [--root=DIR]"),
        facts.out());
  }
}
