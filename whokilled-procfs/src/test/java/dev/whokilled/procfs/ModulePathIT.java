package dev.whokilled.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Loads the packaged jars as named modules in a fresh layer: whokilled-procfs exports its API package alone, brings
 * the core's facts to its users ({@code requires transitive}), and reads a captured tree from inside the layer.
 */
final class ModulePathIT {

  @Test
  void modulePath_exportsAndReadsATree() throws Exception {
    Path procfsJar = jar(Path.of("target"), "whokilled-procfs-");
    Path coreJar = jar(Path.of("..", "whokilled-core", "target"), "whokilled-core-");
    Path slf4j = Path.of(org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleFinder finder = ModuleFinder.of(coreJar, procfsJar, slf4j);
    Configuration cf = ModuleLayer.boot().configuration()
        .resolveAndBind(finder, ModuleFinder.of(), Set.of("dev.whokilled.procfs"));
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());

    ModuleDescriptor procfs = layer.findModule("dev.whokilled.procfs").orElseThrow().getDescriptor();
    Set<String> exported = new TreeSet<>();
    for (ModuleDescriptor.Exports e : procfs.exports()) {
      exported.add(e.source() + (e.isQualified() ? " to " + e.targets() : ""));
    }
    assertEquals(Set.of("dev.whokilled.procfs"), exported);
    assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), procfs.requires().stream()
        .filter(r -> r.name().equals("dev.whokilled.core")).findFirst().orElseThrow().modifiers());

    // what a module user does: Procfs.at(tree).expectProcess(pid).comm(), through the exported types alone
    ClassLoader loader = layer.findLoader("dev.whokilled.procfs");
    Class<?> procfsClass = loader.loadClass("dev.whokilled.procfs.Procfs");
    Object tree = procfsClass.getMethod("at", Path.class).invoke(null, Trees.path("v1-hybrid-vm"));
    Object process = procfsClass.getMethod("expectProcess", long.class).invoke(tree, 25655L);
    assertEquals("my (app) x", process.getClass().getMethod("comm").invoke(process));
    assertEquals("dev.whokilled.core", process.getClass().getModule().getName());
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
