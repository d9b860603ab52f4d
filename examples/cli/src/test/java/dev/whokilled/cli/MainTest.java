package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static dev.whokilled.cli.TestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.cli.TestSupport.Run;
import dev.whokilled.facts.HostFacts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MainTest {

  @TempDir Path dir;

  private static void assertOneLine(String err) {
    assertEquals(1, err.lines().count(), err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), err);
  }

  private Path emptyFile() throws IOException {
    return Files.createFile(dir.resolve("empty.log"));
  }

  @Test
  void help_exitsZeroWithExamples() {
    Run r = run("--help");

    assertEquals(0, r.status());
    assertTrue(r.out().contains("Usage: whokilled"), r.out());
    assertTrue(r.out().contains("Examples:"), r.out());
    assertTrue(r.out().contains("whokilled --json kern.log.2.gz"), r.out());
    assertTrue(r.out().contains("dmesg-raw"), r.out());
  }

  @Test
  void version_printsProjectVersion() {
    Run r = run("--version");

    assertEquals(0, r.status());
    String first = r.out().lines().findFirst().orElse("");
    assertTrue(first.matches("whokilled \\d+\\.\\d+\\.\\d+.*"), first);
  }

  @Test
  void unknownOption_usageError() {
    Run r = run("--nope");

    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("whokilled: Unknown option: '--nope'"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void badZone_usageErrorNamingOptionAndValue() throws IOException {
    Run r = run("--zone", "Mars/Olympus", emptyFile().toString());

    assertEquals(2, r.status());
    assertTrue(r.err().contains("--zone") && r.err().contains("Mars/Olympus"), r.err());
  }

  @Test
  void badFormat_usageErrorNamingOptionAndValue() throws IOException {
    Run r = run("--format", "sislog", emptyFile().toString());

    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("whokilled: Invalid value for option '--format': 'sislog' is not a format; "
        + "one of: dmesg, dmesg-raw,"), r.err());
  }

  @Test
  void format_caseInsensitiveWithDashes() throws IOException {
    Run r = run("--format", "Dmesg-Raw", emptyFile().toString());

    assertEquals(0, r.status(), r.err());
  }

  @Test
  void badYear_usageError() throws IOException {
    Run r = run("--year", "17", emptyFile().toString());

    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("whokilled: Invalid value for option '--year': year must be from 1970 to 9999: 17"),
        r.err());
  }

  @Test
  void badBootTime_usageError() throws IOException {
    Run r = run("--boot-time", "yesterday", emptyFile().toString());

    assertEquals(2, r.status());
    assertTrue(r.err().contains("'--boot-time': 'yesterday' is not an ISO-8601 instant"), r.err());
  }

  @Test
  void parserOptionOfUnknownParser_usageErrorListingTheParsers() throws IOException {
    Run r = run("--parser-option", "whokilled-nope.pid=4", emptyFile().toString());

    assertEquals(2, r.status());
    assertTrue(r.err().contains("no parser whokilled-nope; the parsers are "), r.err());
    assertTrue(r.err().contains("whokilled-kernel-oom"), r.err());
  }

  @Test
  void parserOptionWithoutKey_usageError() throws IOException {
    Run r = run("--parser-option", "whokilled-kernel-oom=4", emptyFile().toString());

    assertEquals(2, r.status());
    assertTrue(r.err().contains("--parser-option needs ID.KEY=VALUE"), r.err());
  }

  @Test
  void parserOption_accepted() throws IOException {
    Run r = run("--parser-option", "whokilled-kernel-oom.unused=1", emptyFile().toString());

    assertEquals(0, r.status(), r.err());
  }

  @Test
  void formatWithoutFiles_usageError() {
    Run r = run("--format", "syslog");

    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("whokilled: --format needs FILE arguments"), r.err());
  }

  @Test
  void missingFile_ioErrorOneLine() {
    Run r = run("/nope");

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot read /nope: no such file", r.err().strip());
    assertOneLine(r.err());
    assertEquals("", r.out());
  }

  @Test
  void directory_ioError() {
    Run r = run(dir.toString());

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot read " + dir + ": is a directory", r.err().strip());
    assertOneLine(r.err());
  }

  @Test
  void corruptGzip_ioError() throws IOException {
    Path gz = Files.writeString(dir.resolve("kern.log.1.gz"), "not gzip at all");

    Run r = run(gz.toString());

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot read " + gz + ": not in GZIP format", r.err().strip());
  }

  @Test
  void emptyFile_noDeaths() throws IOException {
    Path empty = emptyFile();

    Run r = run(empty.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals("No process deaths found in 0 lines from: " + empty + ".", r.out().strip());
    assertEquals("", r.err());
  }

  @Test
  void emptyFileJson_minimalDocument() throws IOException {
    Run r = run("--json", emptyFile().toString());

    assertEquals(0, r.status(), r.err());
    assertEquals("{\"schema\":\"whokilled/v1\",\"deaths\":[],\"warnings\":[]}", r.out().strip());
  }

  @Test
  void pretty_indentsJson() throws IOException {
    Run r = run("--json", "--pretty", emptyFile().toString());

    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("{\n  \"schema\" : \"whokilled/v1\""), r.out());
  }

  @Test
  void prettyWithoutJson_usageError() throws IOException {
    assertEquals(2, run("--pretty", emptyFile().toString()).status());
  }

  @Test
  void emptyGzipAndStdin_read() throws IOException {
    Path gz = dir.resolve("kern.log.2.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.flush();
    }

    Run r = TestSupport.run(new ByteArrayInputStream(new byte[0]), TestSupport.noMachine(), gz.toString(), "-");

    assertEquals(0, r.status(), r.err());
    assertEquals("No process deaths found in 0 lines from: " + gz + " (0 lines), - (0 lines).", r.out().strip());
  }

  @Test
  void sameFileTwice_readOnce() throws IOException {
    Path empty = emptyFile();

    Run r = run(empty.toString(), dir.resolve(".").resolve("empty.log").toString());

    assertEquals(0, r.status(), r.err());
    assertEquals("No process deaths found in 0 lines from: " + empty + ".", r.out().strip());
  }

  @Test
  void noFiles_readsMachineSourcesThatArePresent() throws IOException {
    Path journalDir = Files.createDirectory(dir.resolve("journal"));
    Path kernLog = Files.createFile(dir.resolve("kern.log"));
    MachineSources machine = new MachineSources(new MachineSources.Plan(
        List.of("/nonexistent/dmesg", "-r"),
        List.of("sh", "-c", "echo 'Hint: you are not seeing messages from other users.' >&2"),
        List.of(journalDir),
        List.of(kernLog, dir.resolve("absent")),
        () -> HostFacts.NONE));

    Run r = TestSupport.run(new ByteArrayInputStream(new byte[0]), machine, "--json");

    assertEquals(0, r.status(), r.err());
    assertEquals(
        List.of("whokilled: warning: cannot read the kernel ring buffer: /nonexistent/dmesg not found",
            "whokilled: warning: sh -c echo 'Hint: you are not seeing messages from other users.' >&2: "
                + "Hint: you are not seeing messages from other users."),
        r.err().lines().toList());
    List<Object> warnings = array(object(TestSupport.parse(r.out())).get("warnings"));
    assertEquals(2, warnings.size(), r.out());
  }

  @Test
  void noFiles_noJournalFilesIsNoWarning() throws IOException {
    Path journalDir = Files.createDirectory(dir.resolve("journal"));
    MachineSources machine = new MachineSources(new MachineSources.Plan(
        List.of("sh", "-c", "exit 0"),
        List.of("sh", "-c", "echo 'No journal files were found.' >&2; exit 1"),
        List.of(journalDir), List.of(), () -> HostFacts.NONE));

    Run r = TestSupport.run(new ByteArrayInputStream(new byte[0]), machine);

    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err());
    assertEquals("No process deaths found in 0 lines from: sh -c exit 0.", r.out().strip());
  }

  @Test
  void noFiles_failingCommandIsWarning() {
    MachineSources machine = new MachineSources(new MachineSources.Plan(
        List.of("sh", "-c", "echo 'dmesg: read kernel buffer failed: Operation not permitted' >&2; exit 1"),
        List.of("/nonexistent/journalctl"), List.of(), List.of(), () -> HostFacts.NONE));

    Run r = TestSupport.run(new ByteArrayInputStream(new byte[0]), machine);

    assertEquals(0, r.status(), r.err());
    assertTrue(r.err().endsWith(
        "failed (exit status 1): dmesg: read kernel buffer failed: Operation not permitted" + System.lineSeparator()),
        r.err());
    assertTrue(r.out().contains("No process deaths found in 0 lines from: (no source could be read)."), r.out());
  }

  @Test
  void factsWithoutFiles_usageError() {
    Run r = run("--facts", dir.toString());

    assertEquals(2, r.status());
    assertTrue(r.err().startsWith("whokilled: --facts needs FILE arguments: a run on this machine reads its own "
        + "/proc"), r.err());
  }

  @Test
  void factsNotATree_ioErrorOneLine() throws IOException {
    Run r = run("--facts", dir.resolve("nope").toString(), emptyFile().toString());

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot read " + dir.resolve("nope") + ": no such directory (--facts)", r.err().strip());
    assertOneLine(r.err());
    assertEquals("", r.out());
  }

  @Test
  void fileNamedLikeACommand_readAsAFileWithAPath() throws IOException {
    Path facts = Files.createFile(dir.resolve("facts"));

    Run r = run(facts.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals("No process deaths found in 0 lines from: " + facts + ".", r.out().strip());
  }
}
