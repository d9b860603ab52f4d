package dev.whokilled.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Logs pasted into reports: prompts, grep prefixes, indentation. */
final class FramerPasteTest {

  private static final Framing UTC = Framing.auto().withZone(ZoneOffset.UTC);
  private static final String KERN = "Apr 20 20:03:27 host kernel: [  66.634803] Out of memory: Killed process 1";

  private static void assertSyslog(String line) {
    LogRecord r = Collect.one(UTC, line);
    assertEquals(Format.SYSLOG, r.format(), line);
    assertEquals("Out of memory: Killed process 1", r.message(), line);
    assertEquals(Duration.ofSeconds(66, 634_803_000), r.time().uptime(), line);
    assertEquals(line, r.text(), line);
  }

  /** Grep: prefixes before syslog. */
  @Test
  void grep_prefixesBeforeSyslog() {
    assertSyslog("4812:" + KERN);
    assertSyslog("/var/log/kern.log:" + KERN);
    assertSyslog("/var/log/kern.log:4812:" + KERN);
    assertSyslog("kern.log:4812:" + KERN);
    assertSyslog("kern.log-4811-" + KERN);
    assertSyslog("4811-" + KERN);
    assertSyslog("    " + KERN);
    assertSyslog("\t4812:" + KERN);
  }

  /** Grep: prefixes before dmesg and iso. */
  @Test
  void grep_prefixesBeforeDmesgAndIso() {
    LogRecord dmesg = Collect.one(UTC, "12:[   66.634803] Out of memory");
    assertEquals(Format.DMESG, dmesg.format());
    assertEquals("Out of memory", dmesg.message());
    LogRecord iso = Collect.one(UTC, "4812:2021-12-10T17:49:55+00:00 host kernel: x");
    assertEquals(Format.SYSLOG_ISO, iso.format());
    assertEquals("x", iso.message());
    LogRecord raw = Collect.one(UTC, "  <6>[   53.307419] x");
    assertEquals(Format.DMESG_RAW, raw.format());
  }

  /** Prompts: are not messages. */
  @Test
  void prompts_areNotMessages() {
    assertEquals("dmesg | grep -i oom", Collect.one(UTC, "$ dmesg | grep -i oom").message());
    assertEquals("dmesg -T", Collect.one(UTC, "root@host:~# dmesg -T").message());
    assertEquals("dmesg", Collect.one(UTC, "[root@host ~]# dmesg").message());
    assertEquals("journalctl -k", Collect.one(UTC, "user@box:/var/log$ journalctl -k").message());
    LogRecord r = Collect.one(UTC, "$ dmesg | grep oom");
    assertEquals(Format.PLAIN, r.format());
    assertEquals("$ dmesg | grep oom", r.text());
  }

  /** Grep: prefix on bare message dropped. */
  @Test
  void grep_prefixOnBareMessageDropped() {
    assertEquals("Out of memory: Killed process 1 (x)",
        Collect.one(UTC, "4812:Out of memory: Killed process 1 (x)").message());
    assertEquals("Out of memory: Killed process 1 (x)",
        Collect.one(UTC, "/var/log/messages:Out of memory: Killed process 1 (x)").message());
  }

  /** Plain: lookalikes kept. */
  @Test
  void plain_lookalikesKept() {
    for (String line : new String[] {
      "12:34:56 something happened",
      "foo.service: Main process exited, code=killed, status=9/KILL",
      "2021-12-10 17:49:55,123 INFO Started",
      "8-bit clean",
      "libc.so.6: cannot open shared object",
      "[INFO] done",
    }) {
      LogRecord r = Collect.one(UTC, line);
      assertEquals(Format.PLAIN, r.format(), line);
      assertEquals(line, r.message(), line);
    }
  }

  /** Prompt: keeps dmesg bracket. */
  @Test
  void prompt_keepsDmesgBracket() {
    LogRecord r = Collect.one(UTC, "[  66.634803] [root@host ~]# is a message here");
    assertEquals(Format.DMESG, r.format());
    assertEquals("[root@host ~]# is a message here", r.message());
  }
}
