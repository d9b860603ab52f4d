package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.cli.TestSupport.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: {@code java -jar target/whokilled.jar}, in a process of its own. */
final class WhokilledJarIT {

  @TempDir Path dir;

  private Run java(String... args) throws IOException, InterruptedException {
    return TestSupport.jar(dir, args);
  }

  @Test
  void jsonOnCorpus_schemaAndDeaths() throws Exception {
    Assumptions.assumeTrue(TestSupport.framerAvailable(), "Framer.accept is not implemented on this branch yet");

    Run r = java("--json", TestSupport.corpus().toString());

    assertEquals(0, r.status(), r.err());
    Map<String, Object> doc = object(TestSupport.parse(r.out()));
    assertEquals("whokilled/v1", doc.get("schema"));
    assertEquals(3, array(doc.get("deaths")).size(), r.out());
  }

  @Test
  void jsonOnEmptyFile_schema() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.log"));

    Run r = java("--json", empty.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals("{\"schema\":\"whokilled/v1\",\"deaths\":[],\"warnings\":[]}", r.out().strip());
    assertEquals("", r.err(), "nothing on stderr: no SLF4J provider warning, no log noise");
  }

  @Test
  void version_printsProjectVersion() throws Exception {
    Run r = java("--version");

    assertEquals(0, r.status(), r.err());
    String version = System.getProperty("whokilled.version");
    Assumptions.assumeTrue(version != null, "run by failsafe, which sets whokilled.version");
    assertEquals("whokilled " + version, r.out().lines().findFirst().orElse(""));
  }

  @Test
  void missingFile_exitsOneWithOneLine() throws Exception {
    Path missing = dir.resolve("nope.log");

    Run r = java(missing.toString());

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot read " + missing + ": no such file" + System.lineSeparator(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void unknownOption_exitsTwo() throws Exception {
    assertEquals(2, java("--bogus").status());
  }

  @Test
  void fileNamedLikeACommand_readWithDotSlashOrAfterDoubleDash() throws Exception {
    Files.createFile(dir.resolve("top"));

    Run dotSlash = java("./top");
    Run dashes = java("--", "top");
    Run bare = java("top", "--root", dir.toString());

    assertEquals(0, dotSlash.status(), dotSlash.err());
    assertEquals("No process deaths found in 0 lines from: ./top.", dotSlash.out().strip());
    assertEquals(0, dashes.status(), dashes.err());
    assertEquals("No process deaths found in 0 lines from: top.", dashes.out().strip());
    assertEquals(1, bare.status(), "the command top, reading a directory that is no captured tree");
  }

  @Test
  void top_readsThisMachine() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");

    Run r = java("top", "--json", "-n", "3");

    assertEquals(0, r.status(), r.err());
    Map<String, Object> doc = object(TestSupport.parse(r.out()));
    assertEquals("whokilled/v1", doc.get("schema"));
    assertTrue(array(doc.get("processes")).size() <= 3, r.out());
  }
}
