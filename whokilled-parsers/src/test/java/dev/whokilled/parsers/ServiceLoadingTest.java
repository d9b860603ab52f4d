package dev.whokilled.parsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.KillForensics;
import dev.whokilled.Parsers;
import dev.whokilled.event.KillEvent;
import dev.whokilled.parsers.oom.KernelOomProvider;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The built-ins are found on the class path; the module path is checked by {@code ModulePathIT}. */
final class ServiceLoadingTest {

  /** Every built-in parser's id, in the order of the registrations (module-info and META-INF/services). */
  static final List<String> BUILT_INS = List.of(
      "whokilled-kernel-oom",
      "whokilled-kernel-crash",
      "whokilled-coredump",
      "whokilled-strace",
      "whokilled-systemtap",
      "whokilled-bcc",
      "whokilled-lastcomm",
      "whokilled-last",
      "whokilled-cron",
      "whokilled-history",
      "whokilled-audit",
      "whokilled-systemd",
      "whokilled-supervisors",
      "whokilled-earlyoom",
      "whokilled-systemd-oomd",
      "whokilled-oomd",
      "whokilled-shell",
      "whokilled-apps",
      "whokilled-jvm",
      "whokilled-docker",
      "whokilled-containerd",
      "whokilled-kubernetes");

  @Test
  void classPath_findsEveryBuiltIn() {
    List<String> ids = new ArrayList<>();
    for (KillParserProvider p : ServiceLoader.load(KillParserProvider.class)) {
      ids.add(p.id());
    }
    assertEquals(BUILT_INS, ids);
    assertEquals(BUILT_INS, Parsers.builtIns().ids());
  }

  @Test
  void builtIns_idsArePrefixedAndFamiliesDeclared() {
    for (Parsers.Configured c : Parsers.builtIns().configured()) {
      assertTrue(c.id().startsWith("whokilled-"), c.id());
      assertTrue(!c.provider().produces().isEmpty(), c.id());
    }
  }

  @Test
  void duplicateId_rejectedNamingBothClasses() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> KillForensics.builder().parser(new Impostor()).build());
    assertEquals("duplicate parser id whokilled-kernel-oom: " + KernelOomProvider.class.getName() + " and "
        + Impostor.class.getName(), e.getMessage());
  }

  @Test
  void selection_byFamilyAndId() {
    assertEquals(List.of(KernelOomProvider.ID), Parsers.builtIns().only(ParserFamily.KERNEL_OOM).ids());
    assertEquals(List.of("whokilled-kernel-crash", "whokilled-coredump"),
        Parsers.builtIns().only(ParserFamily.CRASH).ids());
    for (ParserFamily f : ParserFamily.values()) {
      List<String> want = new ArrayList<>();
      for (Parsers.Configured c : Parsers.builtIns().configured()) {
        if (c.provider().family() == f) {
          want.add(c.id());
        }
      }
      assertEquals(want, Parsers.builtIns().only(f).ids(), f.name());
    }
    assertEquals(BUILT_INS.stream().filter(id -> !id.equals(KernelOomProvider.ID)).toList(),
        Parsers.builtIns().except(KernelOomProvider.ID).ids());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Parsers.builtIns().only("whokilled-nope"));
    assertEquals("no parser with id whokilled-nope; known: " + BUILT_INS, e.getMessage());
  }

  @Test
  void noParsers_buildFailsWithAClearMessage() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> KillForensics.builder().parsers(Parsers.none()).build());
    assertEquals("no parsers: add whokilled-parsers to the class path or module path, or add a parser",
        e.getMessage());
  }

  /** A provider that claims a built-in's id. */
  static final class Impostor implements KillParserProvider {
    @Override
    public String id() {
      return KernelOomProvider.ID;
    }

    @Override
    public ParserFamily family() {
      return ParserFamily.OTHER;
    }

    @Override
    public Set<KillEvent.Kind> produces() {
      return Set.of(KillEvent.Kind.OOM_KILL);
    }

    @Override
    public KillParser create(ParserContext context) {
      return (record, sink) -> {};
    }
  }
}
