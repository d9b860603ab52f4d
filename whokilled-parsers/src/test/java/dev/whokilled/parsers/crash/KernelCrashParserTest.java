package dev.whokilled.parsers.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.Crash;
import dev.whokilled.event.CrashType;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.testing.Collect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message-level tests of the kernel crash grammar, on real lines; the corpus covers whole logs. */
final class KernelCrashParserTest {

  private static Collect run(String... messages) {
    return Collect.messages(new KernelCrashParser(1000), messages);
  }

  private static Crash one(String message) {
    return run(message).only(Crash.class);
  }

  @Test
  void segfault_6x_offsetBaseSizeAndCpu() {
    // this project's VM, Linux 6.18.44, a NULL write
    Crash c = one("crash[2380]: segfault at 0 ip 000055e790db4223 sp 00007ffd2cbad290 error 6 in "
        + "crash[1223,55e790db4000+1000] likely on CPU 0 (core 0, socket 0)");
    assertEquals(2380L, c.victim().pid());
    assertEquals("crash", c.victim().comm());
    assertEquals(CrashType.SEGFAULT, c.type());
    assertEquals(Signal.SIGSEGV, c.signal());
    assertEquals(0L, c.address());
    assertEquals(0x55e790db4223L, c.ip());
    assertEquals(0x7ffd2cbad290L, c.sp());
    assertEquals(6L, c.errorCode());
    assertEquals("crash", c.module());
    assertEquals(0x1223L, c.moduleOffset());
    assertNull(c.coreDumped());
    assertTrue(c.stack().isEmpty());
  }

  @Test
  void segfault_errorIsHex_andNoMappingForAnAnonymousPage() {
    // this project's VM: a jump into a PROT_READ|PROT_WRITE page; 0x15 = fetch | user | protection
    Crash c = one("crash[2384]: segfault at 7f3cd3c81000 ip 00007f3cd3c81000 sp 00007fffe27eecc8 error 15 likely "
        + "on CPU 1 (core 1, socket 0)");
    assertEquals(0x15L, c.errorCode());
    assertNull(c.module());
    assertNull(c.moduleOffset());
    assertEquals(List.of("user mode", "instruction fetch", "protection violation"),
        PageFaultCode.words(c.errorCode()));
  }

  @Test
  void segfault_olderBaseSize_offsetFromIp() {
    // https://github.com/dlundquist/sniproxy/issues/86 (3.2, Debian 7)
    Crash c = one("sniproxy[7827]: segfault at 1000 ip 00007fbbeed70cba sp 00007fff7179ecc0 error 4 in "
        + "libc-2.13.so[7fbbeed2b000+182000]");
    assertEquals(0x1000L, c.address());
    assertEquals("libc-2.13.so", c.module());
    assertEquals(0x7fbbeed70cbaL - 0x7fbbeed2b000L, c.moduleOffset());
  }

  @Test
  void segfault_nullIpPrintedAsNull() {
    // Ubuntu Forums, kern.log of a 3.x kernel: %p printed a NULL instruction pointer as "(null)", padded
    Crash c = one("gvfsd-afc[15176]: segfault at 0 ip           (null) sp 00007fff0cc86a48 error 14 in "
        + "gvfsd-afc[400000+c000]");
    assertEquals(0L, c.ip());
    assertEquals(0x14L, c.errorCode());
    assertEquals("gvfsd-afc", c.module());
    assertNull(c.moduleOffset(), "ip 0 is not inside the mapping");
  }

  @Test
  void segfault_rhel5RipRsp_and32BitEipEsp() {
    // Ubuntu Forums 2008 (x86_64 2.6.22) and 2009 (i386 2.6.24)
    Crash rip = one("slpp[12288]: segfault at 0000000000000000 rip 0000000000401b77 rsp 00007ffff013f020 error 4");
    assertEquals(0x401b77L, rip.ip());
    assertEquals(0x7ffff013f020L, rip.sp());
    assertEquals(4L, rip.errorCode());
    Crash eip = one("gnome-system-lo[9820]: segfault at c8b1c6b0 eip b74aa384 esp bff27890 error 5");
    assertEquals("gnome-system-lo", eip.victim().comm());
    assertEquals(0xc8b1c6b0L, eip.address());
    assertEquals(0xb74aa384L, eip.ip());
    assertEquals(0xbff27890L, eip.sp());
    assertEquals(5L, eip.errorCode());
  }

  @Test
  void segfault_lineCutByAMailClient_keepsWhatItHas() {
    // linux-kernel 2006-01-24, the attached dmesg wrapped after "rsp"
    Collect c = run("hald[3508]: segfault at 0000000000000000 rip 000000353146fd20 rsp", "00007ffff4d258 error 4");
    Crash k = c.only(Crash.class);
    assertEquals(0x353146fd20L, k.ip());
    assertNull(k.sp());
    assertNull(k.errorCode());
  }

  @Test
  void segfault_hostileComms() {
    // this project's VM: threads renamed with prctl(PR_SET_NAME)
    assertEquals("wk [1] x:2", one("wk [1] x:2[2496]: segfault at 0 ip 000055e8e425a223 sp 00007f5bc39f4e60 error 6 "
        + "in crash[1223,55e8e425a000+1000] likely on CPU 0 (core 0, socket 0)").victim().comm());
    Crash dots = one("my prog.v2[2493]: segfault at 0 ip 000056548f3e5223 sp 00007fff7b2964d0 error 6 in "
        + "my prog.v2[1223,56548f3e5000+1000] likely on CPU 0 (core 0, socket 0)");
    assertEquals("my prog.v2", dots.victim().comm());
    assertEquals("my prog.v2", dots.module());
    // a name that holds the marker itself (15 bytes): the marker that parses wins
    Crash marker = one("]: segfault at [77]: segfault at 0 ip 0000000000401000 sp 00007ffc00000000 error 4");
    assertEquals(77L, marker.victim().pid());
    assertEquals("]: segfault at ", marker.victim().comm());
  }

  @Test
  void segfault_threadNameEndingInNewline_hasNoComm() {
    // a public OpenShift demo: the thread was named "Thread 4\n", so the line after the break starts at [tid]
    Crash c = one("[236820]: segfault at 0 ip 0000000000401113 sp 00007fb8aa765eb0 error 6");
    assertEquals(236820L, c.victim().pid());
    assertNull(c.victim().comm());
  }

  @Test
  void traps_everyNameMapsToItsTypeAndSignal() {
    // this project's VM, Linux 6.18.44
    Crash div = one("traps: crash[2492] trap divide error ip:55f5ac2793b1 sp:7ffc354b0120 error:0 in "
        + "crash[13b1,55f5ac279000+1000]");
    assertEquals(CrashType.DIVIDE_ERROR, div.type());
    assertEquals(Signal.SIGFPE, div.signal());
    assertEquals(0x55f5ac2793b1L, div.ip());
    assertEquals(0x7ffc354b0120L, div.sp());
    assertEquals(0L, div.errorCode());
    assertEquals(0x13b1L, div.moduleOffset());
    assertNull(div.address());
    Crash ud2 = one("traps: sp ace(x)[2498] trap invalid opcode ip:5574a29af3eb sp:7fe4f9a8ce60 error:0 in "
        + "crash[13eb,5574a29af000+1000]");
    assertEquals("sp ace(x)", ud2.victim().comm());
    assertEquals(CrashType.INVALID_OPCODE, ud2.type());
    assertEquals(Signal.SIGILL, ud2.signal());
    Crash int3 = one("traps: tokio-runtime-w[2500] trap int3 ip:560bc6c37410 sp:7f08a5dc0e60 error:0 in "
        + "crash[1410,560bc6c37000+1000]");
    assertEquals(CrashType.INT3, int3.type());
    assertEquals(Signal.SIGTRAP, int3.signal());
    Crash gp = one("traps: qthread[2502] general protection fault ip:563f5c89943c sp:7fb4be16fe60 error:0 in "
        + "crash[143c,563f5c899000+1000]");
    assertEquals(CrashType.GENERAL_PROTECTION, gp.type());
    assertEquals(Signal.SIGSEGV, gp.signal());
    Crash bracket = one("traps: a[1]: b[2494] trap divide error ip:55ac26e013b1 sp:7ffd9b744150 error:0 in "
        + "a[1]: b[13b1,55ac26e01000+1000]");
    assertEquals("a[1]: b", bracket.victim().comm());
    assertEquals(2494L, bracket.victim().pid());
    assertEquals("a[1]: b", bracket.module());
  }

  @Test
  void traps_olderEras() {
    // https://github.com/yasukata/zpoline/issues/1 (3.10, CentOS 7): "general protection" without "fault"
    Crash gp = one("traps: ls[6598] general protection ip:7fc701007c85 sp:7ffc7f0f5248 error:0 in "
        + "libc-2.17.so[7fc700f1a000+1b6000]");
    assertEquals(CrashType.GENERAL_PROTECTION, gp.type());
    assertEquals("libc-2.17.so", gp.module());
    assertEquals(0x7fc701007c85L - 0x7fc700f1a000L, gp.moduleOffset());
    // https://github.com/Netfuture/tlsinterposer/issues/18 (3.2): no traps: prefix
    Crash ud = one("apache2[30336] trap invalid opcode ip:7f98b2124fa4 sp:7fff4fc3db48 error:0 in "
        + "libssl.so.1.0.0[7f98b20f3000+55000]");
    assertEquals("apache2", ud.victim().comm());
    assertEquals(CrashType.INVALID_OPCODE, ud.type());
    // linux-kernel 2004-09-13 (2.6.8 x86_64): rip:/rsp:
    Crash old = one("sh[3843] trap int3 rip:415f39 rsp:7fbffff8c8 error:0");
    assertEquals(0x415f39L, old.ip());
    assertEquals(0x7fbffff8c8L, old.sp());
    assertNull(old.module());
  }

  @Test
  void traps_unknownName_isAnotherTrap() {
    Crash c = one("traps: x[7] trap stack segment ip:401000 sp:7ffc00000000 error:0 in x[401000+1000]");
    assertEquals(CrashType.OTHER_TRAP, c.type());
    assertEquals(Signal.SIGBUS, c.signal());
    Crash u = one("traps: x[8] trap some new thing ip:401000 sp:7ffc00000000 error:0");
    assertEquals(CrashType.OTHER_TRAP, u.type());
    assertNull(u.signal());
  }

  @Test
  void userspaceOrigin_isAWarningNotAnEvent() {
    // this project's VM: a root shell wrote the line to /dev/kmsg, so its facility is user (priority 12)
    LogRecord r = new LogRecord("kmsg", 1, "12,1324,2230332449,-;impostor[4242]: segfault at 0 …",
        "impostor[4242]: segfault at 0 ip 0000000000401000 sp 00007ffc00000000 error 4 in impostor[401000+1000]",
        Format.KMSG, Origin.USERSPACE, EventTime.ofUptime(Duration.ofSeconds(2230)), null, null, null, 1, 4, 0,
        1324);
    Collect c = Collect.run(new KernelCrashParser(1000), List.of(r));
    assertTrue(c.events.isEmpty());
    assertEquals(1, c.warnings.size());
    assertTrue(c.warnings.get(0).startsWith("a kernel fault line written by a user process"), c.warnings.get(0));
  }

  @Test
  void repeatedLinesOfOnePid_areOneDeath() {
    // linux-kernel 2004-09-13: 2.6.8 printed every trap, and sh[3843] then segfaulted
    Collect c = run("rpmbuild[3842] trap int3 rip:402d9e rsp:7fbfffb540 error:0",
        "rpmbuild[3842] trap int3 rip:4026d1 rsp:7fbfffb538 error:0",
        "sh[3843] trap int3 rip:415f39 rsp:7fbffff8c8 error:0",
        "sh[3843]: segfault at 0000000000000000 rip 0000000000000000 rsp 0000007fbffff8b8 error 14");
    assertEquals(2, c.events.size());
  }

  @Test
  void noise_isIgnored() {
    Collect c = run("show_signal: 5 callbacks suppressed",
        "Code: 55 48 89 e5 48 83 ec 50 <c7> 00 01 00 00 00",
        "time.c: Lost 1 timer tick(s)! rip __do_softirq+0x45/0xca)",
        "CPU: 0 PID: 1234 Comm: foo Not tainted 6.1.0 #1",
        "segfault at 0 ip 0 sp 0 error 4",
        "x[abc]: segfault at 0 ip 0 sp 0 error 4",
        "x[12]: segfault at zz ip 0 sp 0 error 4");
    assertTrue(c.events.isEmpty(), c.events.toString());
    assertTrue(c.problems.isEmpty());
  }

  @Test
  void oops_nullDeref5x_taskFromTheCpuLine() {
    // https://github.com/openzfs/zfs/issues/10642 (5.15)
    Crash c = run("BUG: kernel NULL pointer dereference, address: 0000000000000008",
        "#PF: supervisor write access in kernel mode", "#PF: error_code(0x0002) - not-present page",
        "PGD 0 P4D 0 ", "Oops: 0002 [#1] SMP NOPTI",
        "CPU: 21 PID: 1065141 Comm: CPU 7/KVM Tainted: P           O      5.15.0-43-generic #46-Ubuntu",
        "Hardware name: Supermicro M12SWA-TF/M12SWA-TF, BIOS 2.0a 03/18/2022").only(Crash.class);
    assertEquals(CrashType.KERNEL_OOPS, c.type());
    assertEquals(1065141L, c.victim().pid());
    assertEquals("CPU 7/KVM", c.victim().comm());
    assertEquals(8L, c.address());
    assertEquals(2L, c.errorCode());
    assertNull(c.signal());
    assertEquals(3, c.evidence().size(), "header, Oops line, task line");
  }

  @Test
  void oops_6xTaskLineWithUid_andGpWithNonCanonicalAddress() {
    // Linux commit 6e9f2df1c550 (6.12 syzkaller report)
    Crash c = run("Oops: general protection fault, probably for non-canonical address 0xdffffc000000000e: 0000 "
        + "[#1] PREEMPT SMP KASAN NOPTI",
        "KASAN: null-ptr-deref in range [0x0000000000000070-0x0000000000000077]",
        "CPU: 2 UID: 0 PID: 12928 Comm: syz.9.1677 Not tainted 6.12.0 #1").only(Crash.class);
    assertEquals(12928L, c.victim().pid());
    assertEquals("syz.9.1677", c.victim().comm());
    assertEquals(0, c.victim().uid());
    assertEquals(0xdffffc000000000eL, c.address());
    assertEquals(0L, c.errorCode());
  }

  @Test
  void oops_olderTaskLines() {
    // RHEL 6 (2.6.32-220): "Pid: N, comm: X"
    Crash rhel6 = run("BUG: unable to handle kernel NULL pointer dereference at (null)",
        "IP: [<ffffffff8124e424>] blk_requeue_request+0x94/0xa0", "Oops: 0000 [#1] SMP ",
        "Pid: 491, comm: scsi_eh_0 Tainted: G        W  ----------------   2.6.32-220.13.1.el6.x86_64 #1 IBM")
        .only(Crash.class);
    assertEquals(491L, rhel6.victim().pid());
    assertEquals("scsi_eh_0", rhel6.victim().comm());
    assertEquals(0L, rhel6.address());
    // 32-bit ARM, 3.13: only the "Process … (pid: …" line names it
    Crash arm = run("Unable to handle kernel NULL pointer dereference at virtual address 0000000c",
        "Internal error: Oops: 17 [#2] ARM",
        "Process systemd (pid: 1, stack limit = 0xde83a1b8)").only(Crash.class);
    assertEquals(1L, arm.victim().pid());
    assertEquals("systemd", arm.victim().comm());
    assertEquals(0xcL, arm.address());
  }

  @Test
  void oops_rhel8KdumpNote_isNotPartOfTheName() {
    // RHEL 8 (4.18) with a crash kernel loaded
    Crash c = run("BUG: unable to handle kernel NULL pointer dereference at 0000000000000010",
        "Oops: 0000 [#1] SMP NOPTI",
        "CPU: 7 PID: 2154 Comm: kworker/7:2 Kdump: loaded Tainted: G           OE    --------- -  - "
            + "4.18.0-305.el8.x86_64 #1").only(Crash.class);
    assertEquals("kworker/7:2", c.victim().comm());
  }

  @Test
  void oops_idleTask_orNoTaskLine_isNoDeath() {
    // kasan-dev 2024-04-25: an oops in the idle task at boot (the machine died, not a process)
    Collect idle = run("Oops: general protection fault, probably for non-canonical address 0xc388d881e4808550: "
        + "0000 [#1] PREEMPT SMP NOPTI", "CPU: 0 PID: 0 Comm: swapper Not tainted 6.9.0-rc5-next-20240424 #1");
    assertTrue(idle.events.isEmpty());
    Collect none = run("Oops: general protection fault, probably for non-canonical address 0xdead000000000122",
        "RIP: 0010:bdi_unregister+0x4b/0x170");
    assertTrue(none.events.isEmpty());
    assertEquals(1, none.problems.size());
  }

  @Test
  void oops_windowIsBounded() {
    String[] lines = new String[KernelCrashParser.OOPS_WINDOW + 3];
    lines[0] = "BUG: unable to handle page fault for address: ffffffffc0a1b2c3";
    for (int i = 1; i < lines.length - 1; i++) {
      lines[i] = "R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000000000";
    }
    lines[lines.length - 1] = "CPU: 1 PID: 42 Comm: late Not tainted 5.10.0 #1";
    Collect c = run(lines);
    assertTrue(c.events.isEmpty(), "a task line far after the header is not its victim");
    assertEquals(1, c.problems.size());
  }

  @Test
  void warningAndCpuLines_withoutAnOopsHeader_areNoDeath() {
    Collect c = run("WARNING: CPU: 1 PID: 1 at kernel/fork.c:1234 foo+0x1/0x2",
        "CPU: 1 PID: 1 Comm: systemd Not tainted 6.1.0 #1");
    assertTrue(c.events.isEmpty());
  }
}
