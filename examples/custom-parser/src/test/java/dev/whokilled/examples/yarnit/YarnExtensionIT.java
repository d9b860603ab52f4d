package dev.whokilled.examples.yarnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension from its own jar, as users add it: beside the {@code whokilled} command's jar on the class path
 * (found through {@code META-INF/services}), and as a named module on the module path (found through
 * {@code provides}), each in a {@code java} process of its own, on a real NodeManager log.
 */
final class YarnExtensionIT {

  @TempDir Path dir;

  private static final Path SAMPLE = Path.of("src/test/resources/yarn/nodemanager-hadoop2-2014.log");

  private record Result(int status, String out, String err) {}

  private Result java(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish in 60 s: " + command);
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Path jar(String property) {
    Path jar = Path.of(System.getProperty(property, "missing"));
    assertTrue(Files.isRegularFile(jar), "no jar at " + jar.toAbsolutePath() + "; run 'verify'");
    return jar;
  }

  @Test
  void classPath_besideTheCommandsJar() throws Exception {
    String cp = jar("whokilled.jar") + File.pathSeparator + jar("yarn.jar");
    Result with = java(List.of("-cp", cp, "dev.whokilled.cli.Main", "--json", "--zone", "UTC", SAMPLE.toString()));
    assertEquals(0, with.status(), with.err());
    assertTrue(with.out().contains("\"victim\":{\"pid\":2483,\"name\":\"java\""), with.out());
    assertTrue(with.out().contains("\"cause\":\"container-oom\""), with.out());
    assertTrue(with.out().contains("\"id\":\"container_1401362984347_0002_01_000001\""), with.out());
    Result without = java(List.of("-jar", jar("whokilled.jar").toString(), "--json", SAMPLE.toString()));
    assertEquals(0, without.status(), without.err());
    assertTrue(without.out().contains("\"deaths\":[]"), "the built-in parsers alone see no death: " + without.out());
  }

  @Test
  void modulePath_namedModule() throws Exception {
    List<String> modules = new ArrayList<>();
    modules.add(jar("yarn.jar").toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("whokilled-core") || name.startsWith("slf4j-api")
          || entry.endsWith("whokilled-core" + File.separator + "target" + File.separator + "classes")) {
        modules.add(entry);
      }
    }
    assertEquals(3, modules.size(), "the extension, the core and slf4j-api: " + modules);
    Result r = java(List.of("-p", String.join(File.pathSeparator, modules), "--add-modules",
        "dev.whokilled.examples.yarn", "-cp", Path.of("target", "test-classes").toString(),
        PrintDeaths.class.getName(), SAMPLE.toString()));
    assertEquals(0, r.status(), r.err());
    assertEquals(List.of("container-oom 2477 null", "container-oom 2483 java"), r.out().lines().toList());
  }
}
