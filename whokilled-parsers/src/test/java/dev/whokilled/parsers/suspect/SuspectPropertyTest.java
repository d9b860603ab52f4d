package dev.whokilled.parsers.suspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.event.Suspect;
import dev.whokilled.parsers.testing.Collect;
import dev.whokilled.parsers.testing.Hostile;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Property tests of the suspects' grammars: sessions rendered as util-linux {@code last} prints them (default,
 * {@code -F}, ISO), cron job lines under every tag, kill commands in every spelling of their signal, read back to
 * what was rendered; arbitrary input never throws.
 */
final class SuspectPropertyTest {

  static final String[] USERS = {"root", "alice", "deploy", "a.b-c_d", "u1000", "\u00e9l\u00e8ve"};
  static final String[] TTYS = {"pts/0", "pts/12", "tty1", "console", ":0"};
  static final String[] HOSTS = {"", "203.0.113.7", "198.51.100.4", "host.example", "[::1]", "0.0.0.0"};
  static final String[] COMMANDS = {"/usr/local/bin/reap.sh", "cd / && run-parts --report /etc/cron.hourly",
      "echo (a) b > /dev/null 2>&1", "test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )",
      "\u6d4b\u8bd5.sh"};
  static final String[] CRON_TAGS = {"CRON", "CROND", "crond", "/USR/SBIN/CRON", "/usr/sbin/cron"};

  enum Style { DEFAULT, FULL, ISO }

  @FuzzTest(maxDuration = "30s")
  void generatedSessions_parseBack(FuzzedDataProvider data) {
    Style style = data.pickValue(Style.values());
    int count = data.consumeInt(1, 5);
    List<String> lines = new ArrayList<>();
    List<Instant> starts = new ArrayList<>();
    List<Instant> ends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String user = data.pickValue(USERS);
      String tty = data.pickValue(TTYS);
      String host = data.pickValue(HOSTS);
      Instant start = Instant.ofEpochSecond(data.consumeLong(946_684_800L, 1_893_456_000L));
      int ending = data.consumeInt(0, 3);
      Duration length = Duration.ofMinutes(data.consumeLong(0, 60L * 24 * 40));
      ZonedDateTime s = start.atZone(ZoneOffset.UTC);
      ZonedDateTime e = start.plus(length).atZone(ZoneOffset.UTC);
      String begin = stamp(s, style);
      // as util-linux's last lays a session out (the vm-last*.log captures): the logout column padded to the width
      // of a logout time ("- 01:57", or "- " and a full stamp), then the length, "(1+02:03)" or " (02:03)"
      int width = switch (style) {
        case DEFAULT -> 7;
        case FULL -> 26;
        case ISO -> 27;
      };
      String rest = switch (ending) {
        case 0 -> "   still logged in";
        case 1 -> "   gone - no logout";
        case 2 -> " " + String.format(Locale.ROOT, "%-" + width + "s", "- crash") + " " + duration(length);
        default -> " - " + (style == Style.DEFAULT ? String.format(Locale.ROOT, "%02d:%02d", e.getHour(),
            e.getMinute()) : stamp(e, style)) + " " + duration(length);
      };
      lines.add(String.format(Locale.ROOT, "%-8.8s %-12.12s %-16.16s %s%s", user, tty, host, begin, rest));
      Instant shown = style == Style.DEFAULT ? start.minusSeconds(s.getSecond()) : start;
      starts.add(shown);
      ends.add(ending < 2 ? null : style == Style.DEFAULT ? shown.plus(length) : ending == 2
          ? shown.plus(length) : start.plus(length));
    }
    lines.add("");
    lines.add("wtmp begins Sat Dec  5 01:06:06 2026");
    List<Suspect> got = SuspectParsersTest.read(new LastProvider(), Map.of("zone", "UTC"), lines);
    assertEquals(count, got.size(), () -> lines + " " + got);
    for (int i = 0; i < count; i++) {
      Suspect x = got.get(i);
      if (style != Style.DEFAULT) { // the default stamp has no year: the weekday picks one
        assertEquals(starts.get(i), x.time().wall(), lines.get(i));
        assertEquals(ends.get(i), x.until(), lines.get(i));
      } else if (ends.get(i) != null) {
        assertEquals(Duration.between(starts.get(i), ends.get(i)), Duration.between(x.time().wall(), x.until()),
            lines.get(i));
      }
    }
  }

  private static String stamp(ZonedDateTime t, Style style) {
    String dow = t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT);
    String mon = t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ROOT);
    return switch (style) {
      case DEFAULT -> String.format(Locale.ROOT, "%s %s %2d %02d:%02d", dow, mon, t.getDayOfMonth(), t.getHour(),
          t.getMinute());
      case FULL -> String.format(Locale.ROOT, "%s %s %2d %02d:%02d:%02d %d", dow, mon, t.getDayOfMonth(),
          t.getHour(), t.getMinute(), t.getSecond(), t.getYear());
      case ISO -> DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT).format(t);
    };
  }

  private static String duration(Duration d) {
    long days = d.toDays();
    return days > 0
        ? String.format(Locale.ROOT, "(%d+%02d:%02d)", days, d.toHoursPart(), d.toMinutesPart())
        : String.format(Locale.ROOT, " (%02d:%02d)", d.toHoursPart(), d.toMinutesPart());
  }

  @FuzzTest(maxDuration = "30s")
  void generatedCronJobs_parseBack(FuzzedDataProvider data) {
    int count = data.consumeInt(1, 6);
    List<String> lines = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String user = data.pickValue(USERS);
      String command = data.pickValue(COMMANDS);
      long pid = data.consumeLong(1, 4_194_304);
      String tag = data.pickValue(CRON_TAGS);
      String body = "(" + user + ") CMD (" + command + ")";
      lines.add(switch (data.consumeInt(0, 2)) {
        case 0 -> String.format(Locale.ROOT, "Mar 16 20:%02d:01 mythbox %s[%d]: %s", i, tag, pid, body);
        case 1 -> String.format(Locale.ROOT, "<78>Dec  6 01:%02d:01 %s[%d]: %s", i, tag, pid, body);
        default -> tag + "[" + pid + "]: " + body;
      });
      if (data.consumeBoolean()) {
        lines.add(String.format(Locale.ROOT, "Mar 16 20:%02d:01 mythbox %s[%d]: (%s) END (%s)", i, tag, pid, user,
            command));
      }
      commands.add(command);
    }
    List<Suspect> got = SuspectParsersTest.read(new CronProvider(), Map.of(), lines);
    assertEquals(commands, got.stream().map(Suspect::command).toList(), lines::toString);
  }

  @FuzzTest(maxDuration = "30s")
  void generatedKillCommands_parseBack(FuzzedDataProvider data) {
    Signal sig = data.pickValue(new Signal[] {Signal.SIGKILL, Signal.SIGTERM, Signal.SIGHUP, Signal.SIGINT,
        Signal.SIGUSR1, Signal.SIGQUIT});
    String spec = switch (data.consumeInt(0, 5)) {
      case 0 -> "-" + sig.number();
      case 1 -> "-" + sig.name().substring(3);
      case 2 -> "-" + sig.name();
      case 3 -> "-s " + sig.name().substring(3).toLowerCase(Locale.ROOT);
      case 4 -> "-n " + sig.number();
      default -> "--signal " + sig.name();
    };
    int n = data.consumeInt(1, 4);
    List<Long> pids = new ArrayList<>();
    StringBuilder cmd = new StringBuilder(data.consumeBoolean() ? "sudo kill " : "kill ").append(spec);
    for (int i = 0; i < n; i++) {
      long pid = data.consumeLong(2, 4_194_304);
      pids.add(pid);
      cmd.append(' ').append(pid);
    }
    String line = (data.consumeBoolean() ? "true && " : "") + cmd + (data.consumeBoolean() ? "; echo gone" : "");
    List<KillCommands.Target> got = KillCommands.targets(line);
    assertEquals(n, got.size(), line);
    for (int i = 0; i < n; i++) {
      assertEquals(ProcessRef.of(pids.get(i), null), got.get(i).victim(), line);
      assertEquals(sig, got.get(i).signal(), line);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"alice    pts/0        203.0.113.7      ", "Sun Dec  6 01:36", " - 01:57  (00:21)",
        " - crash (1+02:03)", "  still logged in", "  gone - no logout", "2026-12-06T01:36:06+00:00", " - ",
        "Mar 16 20:17:01 mythbox CRON[20029]: ", "(root) CMD (", ")", "([882] kill -9 477)", "#1796521668",
        ": 1501474932:0;", "kill -9 ", "pkill -u bob ", "killall -s ", "-- ", "sudo ", "; ", "&& ", "| ", "%1"};
    List<String> lines = Hostile.lines(data, fragments, 200, 8, 12);
    for (var provider : List.of(new LastProvider(), new CronProvider(), new HistoryProvider())) {
      Collect c = Collect.framed(SuspectParsersTest.parser(provider, Map.of()), lines);
      Hostile.citesInput(c.events, lines);
    }
  }
}
