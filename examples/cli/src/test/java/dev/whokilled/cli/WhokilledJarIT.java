package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: {@code java -jar target/whokilled.jar}, in a process of its own. */
final class WhokilledJarIT {

  @TempDir Path dir;

  private record Result(int status, String out, String err) {}

  private Result java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("whokilled.jar", "target/whokilled.jar"));
    assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar.toAbsolutePath() + "; run 'verify'");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(dir.resolve("stdin").toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("whokilled " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private void noStdin() throws IOException {
    Files.write(dir.resolve("stdin"), new byte[0]);
  }

  @Test
  void jsonOnCorpus_schemaAndDeaths() throws Exception {
    Assumptions.assumeTrue(TestSupport.framerAvailable(), "Framer.accept is not implemented on this branch yet");
    noStdin();

    Result r = java("--json", TestSupport.corpus().toString());

    assertEquals(0, r.status(), r.err());
    Map<String, Object> doc = object(TestSupport.parse(r.out()));
    assertEquals("whokilled/v1", doc.get("schema"));
    assertEquals(3, array(doc.get("deaths")).size(), r.out());
  }

  @Test
  void jsonOnEmptyFile_schema() throws Exception {
    noStdin();
    Path empty = Files.createFile(dir.resolve("empty.log"));

    Result r = java("--json", empty.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals("{\"schema\":\"whokilled/v1\",\"deaths\":[],\"warnings\":[]}", r.out().strip());
    assertEquals("", r.err(), "nothing on stderr: no SLF4J provider warning, no log noise");
  }

  @Test
  void version_printsProjectVersion() throws Exception {
    noStdin();

    Result r = java("--version");

    assertEquals(0, r.status(), r.err());
    String version = System.getProperty("whokilled.version");
    Assumptions.assumeTrue(version != null, "run by failsafe, which sets whokilled.version");
    assertEquals("whokilled " + version, r.out().lines().findFirst().orElse(""));
  }

  @Test
  void missingFile_exitsOneWithOneLine() throws Exception {
    noStdin();
    Path missing = dir.resolve("nope.log");

    Result r = java(missing.toString());

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot read " + missing + ": no such file" + System.lineSeparator(), r.err());
    assertEquals("", r.out());
  }

  @Test
  void unknownOption_exitsTwo() throws Exception {
    noStdin();

    assertEquals(2, java("--bogus").status());
  }
}
