package dev.whokilled.parsers.suspect;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Suspect;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.trace.TracerClock;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the login sessions util-linux {@code last} prints from {@code wtmp}, as {@link Suspect.Type#SESSION}
 * suspects: who was logged in, on which terminal and from where, from when to when.
 *
 * <ul>
 *   <li>{@code alice    pts/0        203.0.113.7      Sun Dec  6 01:36 - 01:57  (00:21)}: the default, to the
 *       minute without a year; the end is the start plus the duration in parentheses ({@code (1+02:03)} is a day,
 *       two hours and three minutes).</li>
 *   <li>{@code last -F}: full {@code ctime} stamps with seconds and year; {@code last --time-format iso}: ISO 8601
 *       with the zone.</li>
 *   <li>{@code still logged in} and {@code gone - no logout}: a session with no known end; {@code - crash} and
 *       {@code - down}: it ended with the machine, its duration in parentheses.</li>
 * </ul>
 *
 * <p>{@code reboot}, {@code shutdown} and {@code runlevel} pseudo-users are not sessions, nor is the closing
 * {@code wtmp begins} line. A year-less stamp takes the {@code year} option, else the latest year whose date falls
 * on the weekday printed; local stamps are in the {@code zone} option's zone, else the caller's, else the system's
 * (recorded as assumed). Only lines without other framing are read: {@code last} writes no prefix.
 */
final class LastParser implements KillParser {

  private static final Set<String> WEEKDAYS = Set.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
  private static final Set<String> PSEUDO_USERS = Set.of("reboot", "shutdown", "runlevel");

  private final TracerClock clock;

  LastParser(TracerClock clock) {
    this.clock = clock;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    if (record.format() != Format.PLAIN) {
      return;
    }
    String m = record.message();
    // a fixed-text test before any splitting: every session line says how it ended, or that it has not
    if (m.indexOf(" - ") < 0 && m.indexOf("still logged in") < 0) {
      return;
    }
    String[] t = m.trim().split(" +");
    if (t.length < 5 || PSEUDO_USERS.contains(t[0])) {
      return;
    }
    int at = -1;
    for (int i = 2; i < Math.min(t.length, 6) && at < 0; i++) {
      if (WEEKDAYS.contains(t[i]) || isIso(t[i])) {
        at = i;
      }
    }
    if (at < 0) {
      return;
    }
    String user = t[0];
    String tty = t[1];
    String host = at > 2 ? String.join(" ", List.of(t).subList(2, at)) : null;
    Stamp start = stamp(t, at);
    if (start == null) {
      return;
    }
    Instant until = null;
    int i = start.next;
    String rest = String.join(" ", List.of(t).subList(i, t.length));
    if (rest.startsWith("still logged in") || rest.startsWith("gone - no logout")) {
      until = null;
    } else if (rest.startsWith("- ") && i + 1 < t.length) {
      Duration length = duration(t[t.length - 1]);
      String end = t[i + 1];
      if (isIso(end) || WEEKDAYS.contains(end)) {
        Stamp s = stamp(t, i + 1);
        if (s == null) {
          return;
        }
        until = s.time.wall();
      } else if (length != null && (end.equals("crash") || end.equals("down") || end.indexOf(':') > 0)) {
        until = start.time.wall().plus(length);
      } else {
        return;
      }
    } else {
      return;
    }
    String terminal = tty + (host == null || host.equals("0.0.0.0") || host.equals(":0") ? "" : " from " + host);
    sink.event(new Suspect(ProcessRef.UNKNOWN, start.time, until, List.of(record), Suspect.Type.SESSION, null, user,
        terminal, null, null));
  }

  /** A stamp and the index of the token after it. */
  private record Stamp(EventTime time, int next) {}

  private @Nullable Stamp stamp(String[] t, int at) {
    if (isIso(t[at])) {
      try {
        return new Stamp(EventTime.ofWall(OffsetDateTime.parse(t[at]).toInstant(), EventTime.Precision.SECONDS),
            at + 1);
      } catch (DateTimeException e) {
        return null;
      }
    }
    if (at + 3 >= t.length) {
      return null;
    }
    // Sun Dec  6 01:36, or with -F Sun Dec  6 01:36:06 2026
    boolean year = at + 4 < t.length && t[at + 4].length() == 4 && t[at + 3].length() == 8;
    int n = year ? 5 : 4;
    EventTime time = clock.ctime(String.join(" ", List.of(t).subList(at, at + n)));
    return time == null || time.wall() == null ? null : new Stamp(time, at + n);
  }

  private static boolean isIso(String s) {
    return s.length() >= 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T';
  }

  /** {@code (00:21)}, {@code (1+02:03)}: a session's length. */
  static @Nullable Duration duration(String s) {
    if (s.length() < 7 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') {
      return null;
    }
    String in = s.substring(1, s.length() - 1);
    long days = 0;
    int plus = in.indexOf('+');
    try {
      if (plus > 0) {
        days = Long.parseLong(in.substring(0, plus));
        in = in.substring(plus + 1);
      }
      int colon = in.indexOf(':');
      if (colon != 2 || in.length() != 5 || days < 0 || days > 100_000) {
        return null;
      }
      long hours = Long.parseLong(in.substring(0, 2));
      long minutes = Long.parseLong(in.substring(3));
      if (hours > 23 || minutes > 59 || hours < 0 || minutes < 0) {
        return null;
      }
      return Duration.ofDays(days).plusHours(hours).plusMinutes(minutes);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
