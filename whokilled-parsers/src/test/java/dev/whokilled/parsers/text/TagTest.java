package dev.whokilled.parsers.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The syslog tags left in messages: cron's (any name), systemd's and the OOM daemons' (named). */
final class TagTest {

  @Test
  void at_anyName_withOrWithoutPid() {
    assertEquals(new Tag("CRON", 20029L, "(root) CMD (kill -9 477)"), Tag.at("CRON[20029]: (root) CMD (kill -9 477)"));
    assertEquals(new Tag("/USR/SBIN/CRON", 3696L, "(root) CMD (x)"), Tag.at("/USR/SBIN/CRON[3696]: (root) CMD (x)"));
    assertEquals(new Tag("crond", null, "(root) CMD (x)"), Tag.at("crond: (root) CMD (x)"));
    assertNull(Tag.at("CRON[abc]: (root) CMD (x)"), "a pid is digits");
    assertNull(Tag.at("(root) CMD (x)"));
    assertNull(Tag.at("a b[1]: c"), "a name holds no blank");
    assertNull(Tag.at(""));
  }

  @Test
  void at_namedOnly_andWithinAfterAClock() {
    assertEquals(new Tag("systemd-shutdown", 1L, "Sending SIGTERM to remaining processes..."),
        Tag.at("systemd-shutdown[1]: Sending SIGTERM to remaining processes...", "systemd", "systemd-shutdown"));
    assertNull(Tag.at("systemd-logind[1]: x", "systemd"));
    assertEquals(new Tag("earlyoom", 123L, "sending SIGTERM"),
        Tag.within("Jun 12 06:39:26 earlyoom[123]: sending SIGTERM", 80, "earlyoom"));
    assertNull(Tag.within("killing process foo earlyoom: x", 80, "earlyoom"), "only after a clock");
  }
}
