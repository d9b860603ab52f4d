package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Loads the packaged jars as named modules in a fresh layer: the exports are the API and nothing else, and
 * {@code ServiceLoader} finds every built-in parser through {@code provides}.
 */
final class ModulePathIT {

  @Test
  void modulePath_exportsAndProviders() throws Exception {
    Path parsersJar = jar(Path.of("target"), "whokilled-parsers-");
    Path coreJar = jar(Path.of("..", "whokilled-core", "target"), "whokilled-core-");
    Path slf4j = Path.of(org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleFinder finder = ModuleFinder.of(coreJar, parsersJar, slf4j);
    Configuration cf = ModuleLayer.boot().configuration()
        .resolveAndBind(finder, ModuleFinder.of(), Set.of("dev.whokilled.parsers"));
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());

    ModuleDescriptor core = layer.findModule("dev.whokilled.core").orElseThrow().getDescriptor();
    Set<String> exported = new TreeSet<>();
    for (ModuleDescriptor.Exports e : core.exports()) {
      exported.add(e.source() + (e.isQualified() ? " to " + e.targets() : ""));
    }
    assertEquals(new TreeSet<>(List.of("dev.whokilled", "dev.whokilled.event", "dev.whokilled.facts",
        "dev.whokilled.framing", "dev.whokilled.spi", "dev.whokilled.internal to [dev.whokilled.parsers]")), exported);
    ModuleDescriptor parsers = layer.findModule("dev.whokilled.parsers").orElseThrow().getDescriptor();
    assertTrue(parsers.exports().isEmpty(), "parsers export nothing: " + parsers.exports());

    Class<?> spi = layer.findLoader("dev.whokilled.core").loadClass("dev.whokilled.spi.KillParserProvider");
    List<String> ids = new ArrayList<>();
    for (Object p : ServiceLoader.load(layer, spi)) {
      ids.add((String) spi.getMethod("id").invoke(p));
    }
    assertEquals(ServiceLoadingTest.BUILT_INS, ids);

    // and the facade finds them by itself, from inside the layer
    Class<?> parsersClass = layer.findLoader("dev.whokilled.core").loadClass("dev.whokilled.Parsers");
    Object builtIns = parsersClass.getMethod("builtIns").invoke(null);
    assertEquals(ServiceLoadingTest.BUILT_INS, parsersClass.getMethod("ids").invoke(builtIns));
  }

  private static Path jar(Path dir, String prefix) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> jars = files
          .filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar")
              && !p.toString().endsWith("-tests.jar") && !p.toString().endsWith("-sources.jar"))
          .collect(Collectors.toList());
      if (jars.size() != 1) {
        throw new AssertionError("expected one " + prefix + "*.jar in " + dir + ": " + jars);
      }
      return jars.get(0);
    }
  }
}
