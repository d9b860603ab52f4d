package dev.whokilled.parsers.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.Suspect;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Line-level tests of the process accounting parser, with lines captured on this project's VM. */
final class LastcommParserTest {

  static final LastcommProvider ACCT = new LastcommProvider();

  @Test
  void lastcomm_signalSendingCommandsOnly() {
    List<Suspect> all = Feed.run(ACCT, Map.of("year", "2026", "zone", "UTC"),
        "accton                 root     __         0.00 secs Sun Nov 22 11:36",
        "sh               S     nobody   __         0.00 secs Sun Nov 22 11:36",
        "kill                   nobody   __         0.00 secs Sun Nov 22 11:36",
        "sleep                X nobody   __         0.00 secs Sun Nov 22 11:36",
        "top              S     root     __         0.00 secs Sun Nov 22 11:36",
        "kill                   root     pts/0      0.00 secs Sun Nov 22 11:36").all(Suspect.class);
    assertEquals(3, all.size());
    Suspect k = all.get(0);
    assertEquals(Suspect.Type.COMMAND, k.type());
    assertNull(k.signal());
    assertTrue(k.victim().isUnknown(), "accounting names no target");
    assertEquals("kill", k.who().comm());
    assertNull(k.who().uid(), "a user name, not a number");
    assertEquals("nobody", k.user());
    assertNull(k.terminal());
    assertEquals(Instant.parse("2026-11-22T11:36:00Z"), k.time().wall());
    assertEquals(EventTime.Precision.MINUTES, k.time().wallPrecision());
    assertEquals("top", all.get(1).who().comm());
    assertEquals("root", all.get(2).user());
    assertEquals("pts/0", all.get(2).terminal());
  }

  @Test
  void lastcomm_yearFromTheWeekday_numericUsers_bsdFlags() {
    Suspect d = Feed.run(ACCT, "pkill   -S   1000   pts/3   0.01 secs Sun Nov 22 10:00")
        .only(Suspect.class);
    assertEquals("pkill", d.who().comm());
    assertEquals(1000, d.who().uid());
    assertTrue(d.time().yearAssumed());
    assertEquals(java.time.DayOfWeek.SUNDAY,
        d.time().wall().atZone(java.time.ZoneId.systemDefault()).getDayOfWeek(), "a year whose Nov 22 is a Sunday");
    Suspect tokens = Feed.run(ACCT, Map.of("year", "2015"), "killall S root pts/0 0.00 secs Sun Nov 22 10:00")
        .only(Suspect.class);
    assertEquals("killall", tokens.who().comm());
    assertTrue(Feed.run(ACCT, "kill                   root     __         0.00 secs Feb 30 10:00 2026").events
        .isEmpty());
  }

  @Test
  void dumpAcct_v3_pidAndParent() {
    Suspect d = Feed.run(ACCT, Map.of("zone", "UTC"),
        "kill            |v3|     0.00|     0.00|     0.00|     0|     0|  2904.00|  2381.00|    9730|    9729|     |"
            + "       0|pts/0   |Sun Nov 22 11:36:47 2026",
        "sleep           |v3|     0.00|     0.00|    20.00|     0|     0|  2920.00|  1515.00|    9727|    9726|    X|"
            + "       0|__      |Sun Nov 22 11:36:47 2026").only(Suspect.class);
    assertEquals(9730L, d.who().pid());
    assertEquals("kill", d.who().comm());
    assertEquals(0, d.who().uid());
    assertEquals("uid 0", d.user());
    assertEquals("pts/0", d.terminal());
    assertEquals(Instant.parse("2026-11-22T11:36:47Z"), d.time().wall());
    assertEquals(EventTime.Precision.SECONDS, d.time().wallPrecision());
  }
}
