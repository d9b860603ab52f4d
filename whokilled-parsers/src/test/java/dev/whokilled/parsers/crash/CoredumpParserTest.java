package dev.whokilled.parsers.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.spi.EventSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message-level tests of the systemd-coredump and coredumpctl grammars, on real text. */
final class CoredumpParserTest {

  private static Collect run(String... messages) {
    return Collect.messages(new CoredumpParser(1000), messages);
  }

  /** A syslog record from {@code ident}, at {@code wall}. */
  private static LogRecord syslog(long line, String ident, String wall, String message) {
    return new LogRecord("syslog", line, message, message, Format.SYSLOG, Origin.USERSPACE,
        EventTime.ofWall(Instant.parse(wall), EventTime.Precision.SECONDS), "host", ident, 100L, 3, 6, 0, -1);
  }

  @Test
  void journalMessage_withStack_firstThreadOnly() {
    // https://github.com/ROCm/ROCm/issues/5051 (systemd 258), abridged
    Crash c = run("[🡕] Process 91762 (python) of user 60105 dumped core.", "",
        "Module libmagma.so without build-id.",
        "Stack trace of thread 91764:",
        "#0  0x00007f2ed709890c n/a (libc.so.6 + 0x9890c)",
        "#1  0x00007f2ed703e3a0 raise (libc.so.6 + 0x3e3a0)",
        "",
        "Stack trace of thread 91762:",
        "#0  0x00007f2ed709f002 n/a (libc.so.6 + 0x9f002)").only(Crash.class);
    assertEquals(91762L, c.victim().pid());
    assertEquals(91764L, c.victim().tid(), "the crashing thread, printed first");
    assertEquals("python", c.victim().comm());
    assertEquals(60105, c.victim().uid());
    assertEquals(Boolean.TRUE, c.coreDumped());
    assertNull(c.signal(), "this message does not name the signal");
    assertEquals(CrashType.CORE_DUMP, c.type());
    assertEquals(List.of("#0  0x00007f2ed709890c n/a (libc.so.6 + 0x9890c)",
        "#1  0x00007f2ed703e3a0 raise (libc.so.6 + 0x3e3a0)"), c.stack());
    assertEquals(0x7f2ed709890cL, c.ip());
    assertEquals("libc.so.6", c.module());
    assertEquals(0x9890cL, c.moduleOffset());
  }

  @Test
  void processingThenDumped_areOneCrash() {
    // https://github.com/ROCm/ROCm/issues/5051: 87 seconds and many kernel lines apart
    List<LogRecord> records = new ArrayList<>();
    records.add(syslog(1, "systemd-coredump", "2026-01-09T18:55:45Z",
        "Process 91762 (python) of user 60105 terminated abnormally with signal 6/ABRT, processing..."));
    for (int i = 0; i < 50; i++) {
      records.add(syslog(2 + i, "kernel", "2026-01-09T18:55:45Z",
          "amdgpu 0000:0b:00.0: amdgpu:  Process python pid 91762 thread python pid 91762"));
    }
    records.add(syslog(60, "systemd-coredump", "2026-01-09T18:57:12Z",
        "Process 91762 (python) of user 60105 dumped core."));
    Crash c = Collect.run(new CoredumpParser(1000), records).only(Crash.class);
    assertEquals(Signal.SIGABRT, c.signal());
    assertEquals(CrashType.ABORT, c.type());
    assertEquals(Boolean.TRUE, c.coreDumped());
    assertEquals(Instant.parse("2026-01-09T18:55:45Z"), c.time().wall(), "the crash's time, not the dump's");
    assertEquals(2, c.evidence().size());
  }

  @Test
  void processingAlone_isEmittedAtTheEnd_orWhenTooOld() {
    // an Arch Linux user's notes (systemd 257): SIGILL, the dump message not in the excerpt
    Crash alone = run("Process 173372 (python) of user 1000 terminated abnormally with signal 4/ILL")
        .only(Crash.class);
    assertEquals(Signal.SIGILL, alone.signal());
    assertEquals(CrashType.CORE_DUMP, alone.type());
    assertNull(alone.coreDumped());
    List<LogRecord> records = List.of(
        syslog(1, "systemd-coredump", "2026-01-09T18:55:45Z",
            "Process 5 (a) of user 0 terminated abnormally with signal 11/SEGV, processing..."),
        syslog(2, "cron", "2026-01-09T19:10:00Z", "(root) CMD (true)"));
    CoredumpParser p = new CoredumpParser(1000);
    List<KillEvent> seen = new ArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public void event(KillEvent event) {
        seen.add(event);
      }

      @Override
      public void problem(LogRecord at, String message) {}

      @Override
      public void warning(LogRecord at, String message) {}
    };
    p.accept(records.get(0), sink);
    assertTrue(seen.isEmpty(), "waits for its dumped-core message");
    p.accept(records.get(1), sink);
    assertEquals(1, seen.size(), "ten minutes of log later it has waited long enough");
  }

  @Test
  void withoutACoredump_andTheOldestForm() {
    // systemd's coredump.c (v254+) and systemd 209's message
    Crash none = run("Process 1234 (foo) of user 1000 terminated abnormally without generating a coredump.")
        .only(Crash.class);
    assertEquals(Boolean.FALSE, none.coreDumped());
    Crash old = run("Process 1234 (foo) dumped core.").only(Crash.class);
    assertEquals(1234L, old.victim().pid());
    assertNull(old.victim().uid());
    assertEquals(Boolean.TRUE, old.coreDumped());
  }

  @Test
  void abrt_killedBy() {
    // a RHEL 7 sosreport: abrt-hook-ccpp beside the kernel's segfault line
    Crash c = run("Process 22619 (sssd_be) of user 0 killed by SIGSEGV - dumping core").only(Crash.class);
    assertEquals(Signal.SIGSEGV, c.signal());
    assertEquals(CrashType.SEGFAULT, c.type());
    assertEquals(Boolean.TRUE, c.coreDumped());
    assertEquals(".nfs00000000c0845eb20000000a", run(
        "Process 16563 (.nfs00000000c0845eb20000000a) of user 10297 killed by SIGSEGV - dumping core")
        .only(Crash.class).victim().comm());
  }

  @Test
  void hostileComm_readToTheLastOfUser() {
    Crash c = run("Process 7 (a) of user (b) of user 1000 dumped core.").only(Crash.class);
    assertEquals("a) of user (b", c.victim().comm());
    assertEquals(1000, c.victim().uid());
  }

  @Test
  void oldestForm_withTheNewerFormsWordsInItsName() {
    // found by fuzzing: the name holds ") of user (", which is not followed by a uid
    Crash c = run("Process 67583 (a) of user (b) dumped core.").only(Crash.class);
    assertEquals("a) of user (b", c.victim().comm());
    assertNull(c.victim().uid());
  }

  @Test
  void anotherWriter_isAWarning() {
    LogRecord r = syslog(1, "logger", "2026-01-09T18:55:45Z", "Process 1 (init) of user 0 dumped core.");
    Collect c = Collect.run(new CoredumpParser(1000), List.of(r));
    assertTrue(c.events.isEmpty());
    assertEquals(1, c.warnings.size());
  }

  @Test
  void stack_isCapped() {
    List<String> lines = new ArrayList<>();
    lines.add("Process 9 (deep) of user 0 dumped core.");
    lines.add("");
    lines.add("Stack trace of thread 9:");
    for (int i = 0; i < 100; i++) {
      lines.add("#" + i + "  0x0000000000401000 recurse (deep + 0x1000)");
    }
    Crash c = run(lines.toArray(String[]::new)).only(Crash.class);
    assertEquals(CoredumpParser.MAX_FRAMES, c.stack().size());
  }

  @Test
  void list_corefileAndSizeColumns() {
    // libvirt docs/kbase/qemu-core-dump.rst (systemd 248) and a SONiC design doc (systemd 241)
    Collect c = run(
        "TIME                        PID     UID  GID SIG     COREFILE EXE                          SIZE",
        "Tue 2021-07-20 12:12:52 BST 2649303 107  107 SIGABRT present  /usr/bin/qemu-system-x86_64  1.8M",
        "TIME PID UID GID SIG COREFILE EXE",
        "Tue 2019-06-18 15:14:12 UTC 5038 0 0 11 present /home/admin/hello",
        "Tue 2019-06-18 15:17:30 UTC 4458 0 0 6 none /usr/bin/vlanmgrd");
    List<Crash> all = c.all(Crash.class);
    assertEquals(3, all.size());
    assertEquals(2649303L, all.get(0).victim().pid());
    assertEquals(107, all.get(0).victim().uid());
    assertEquals(Signal.SIGABRT, all.get(0).signal());
    assertTrue(all.get(0).time().zoneAssumed(), "BST names two offsets");
    assertEquals(Instant.parse("2019-06-18T15:14:12Z"), all.get(1).time().wall());
    assertFalse(all.get(1).time().zoneAssumed());
    assertEquals(CrashType.SEGFAULT, all.get(1).type());
    assertEquals(Boolean.FALSE, all.get(2).coreDumped());
  }

  @Test
  void list_presentColumn_andMtime() {
    // linux-media 2015-05-20 (systemd 219) and the Tarantool documentation (2016)
    Collect c = run("TIME                            PID   UID   GID SIG PRESENT EXE",
        "Mon 2015-05-18 11:55:13 CEST    233     0     0  11 * /usr/bin/ir-keytable",
        "MTIME                            PID   UID   GID SIG PRESENT EXE",
        "Sat 2016-01-23 15:21:24 MSK   20681  1000  1000   6   /usr/bin/tarantool");
    List<Crash> all = c.all(Crash.class);
    assertEquals(2, all.size());
    assertEquals(Instant.parse("2015-05-18T09:55:13Z"), all.get(0).time().wall());
    assertEquals(Boolean.TRUE, all.get(0).coreDumped());
    assertNull(all.get(1).coreDumped(), "a blank PRESENT column");
    assertEquals(EventTime.Precision.MINUTES, all.get(1).time().wallPrecision());
    assertEquals(Instant.parse("2016-01-23T12:21:24Z"), all.get(1).time().wall());
  }

  @Test
  void list_rowWithoutHeader_onlyWhenUnmistakable() {
    // coredumpctl --no-legend; an +07 offset from a Scylla test's comment
    Collect c = run("Tue 2020-01-14 16:18:56 +07    6321  1000  1000   3 present   /usr/bin/scylla",
        "Tue 2020-01-14 16:18:56 +07    6321  1000  1000   3 whatever   /usr/bin/scylla",
        "Tue 2020-01-14 16:18:56 +07    6321  1000  1000   3 present   scylla");
    Crash only = c.only(Crash.class);
    assertEquals(Instant.parse("2020-01-14T09:18:56Z"), only.time().wall());
    assertEquals(Signal.SIGQUIT, only.signal());
    assertEquals(CrashType.CORE_DUMP, only.type());
  }

  @Test
  void info_block() {
    // https://github.com/libvirt/libvirt docs/kbase/qemu-core-dump.rst
    Crash c = run("PID: 2649303 (qemu-system-x86)", "UID: 107 (qemu)", "GID: 107 (qemu)", "Signal: 6 (ABRT)",
        "Timestamp: Tue 2021-07-20 12:12:52 BST (48min ago)",
        "Command Line: /usr/bin/qemu-system-x86_64 -name guest=f30,debug-threads=on ..snip... -msg timestamp=on",
        "Executable: /usr/bin/qemu-system-x86_64",
        "Control Group: /machine.slice/machine-qemu\\x2d1\\x2df30.scope/libvirt/emulator",
        "Unit: machine-qemu\\x2d1\\x2df30.scope", "Slice: machine.slice",
        "Storage: /var/lib/systemd/coredump/core.qemu-system-x86.107.6b90.2649303.1626779572000000.zst (present)",
        "Disk Size: 1.8M", "Message: Process 2649303 (qemu-system-x86) of user 107 dumped core.", "",
        "Stack trace of thread 2649303:", "#0  0x00007ff3c32436be n/a (libc.so.6 + 0xf56be)",
        "#1  0x000055a949c0ed05 qemu_poll_ns (qemu-system-x86_64 + 0x7b0d05)").only(Crash.class);
    assertEquals(2649303L, c.victim().pid());
    assertEquals("qemu-system-x86", c.victim().comm());
    assertEquals(107, c.victim().uid());
    assertEquals("machine-qemu\\x2d1\\x2df30.scope", c.victim().unit());
    assertEquals("/machine.slice/machine-qemu\\x2d1\\x2df30.scope/libvirt/emulator", c.victim().cgroup());
    assertEquals(Signal.SIGABRT, c.signal());
    assertEquals(CrashType.ABORT, c.type());
    assertEquals(Boolean.TRUE, c.coreDumped());
    assertEquals(2, c.stack().size());
    assertEquals("libc.so.6", c.module());
  }

  @Test
  void info_storageNone_andMetadataJson() {
    // btrfs mailing list 2022-09 (systemd 250): module metadata as JSON before the stack
    Crash c = run("PID: 3152 (btrfs)", "UID: 0 (root)", "Signal: 11 (SEGV)",
        "Timestamp: Mon 2022-09-12 02:21:52 CEST (29s ago)", "Storage: none",
        "Message: Process 3152 (btrfs) of user 0 terminated abnormally without generating a coredump.", "",
        "Module libzstd.so.1 with build-id e9ef04083d00304da3a4e6638d4d21cf65518077",
        "Metadata for module libzstd.so.1 owned by FDO found: {", "\"type\" : \"rpm\",", "\"name\" : \"zstd\",",
        "}", "", "Stack trace of thread 3152:", "#0  0x000055e8a2b1c0de n/a (btrfs + 0x5c0de)").only(Crash.class);
    assertEquals(Boolean.FALSE, c.coreDumped());
    assertEquals(Instant.parse("2022-09-12T00:21:52Z"), c.time().wall());
    assertEquals(1, c.stack().size());
    assertEquals("btrfs", c.module());
  }

  @Test
  void info_wrappedValue_andOlderCoredumpField() {
    // linux-media 2015-05-20: the mail client put the core file's path on a line of its own
    Collect c = run("PID: 289 (ir-keytable)", "UID: 0 (root)", "Signal: 11 (SEGV)",
        "Timestamp: Tue 2015-05-19 15:07:00 CEST (17h ago)", "Coredump:",
        "/var/lib/systemd/coredump/core.ir-keytable.0.fde764562af24d44ac635df240384c8e.289.1432040820000000.lz4",
        "Message: Process 289 (ir-keytable) of user 0 dumped core.",
        "More than one entry matches, ignoring rest.");
    Crash k = c.only(Crash.class);
    assertEquals(Boolean.TRUE, k.coreDumped());
    assertEquals(Signal.SIGSEGV, k.signal());
  }

  @Test
  void pidLineAlone_isNoCrash() {
    Collect c = run("PID: 1234 (foo)", "Something else entirely");
    assertTrue(c.events.isEmpty());
  }
}
