package dev.whokilled.parsers.audit;

import dev.whokilled.event.EventTime;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * The time of an audit record: the kernel's {@code SECONDS.MILLIS} since the epoch, or the local time
 * {@code ausearch -i} prints in the locale's date format ({@code %x %T}: {@code 12/25/2017 16:39:35.088},
 * {@code 12/25/17 …} in the C locale, {@code 25.12.2017 …}, {@code 2017-12-25 …}, {@code 25/12/2017 …}).
 */
final class AuditTime {

  /** How a date with slashes reads when its first number could be a month or a day. */
  enum DateOrder {
    /** Month first, as the C and US locales write it. */
    MDY,
    /** Day first, as most other locales do. */
    DMY
  }

  private final ZoneId zone;
  private final DateOrder slashOrder;

  AuditTime(ZoneId zone, DateOrder slashOrder) {
    this.zone = zone;
    this.slashOrder = slashOrder;
  }

  /**
   * The record's time: its stamp's, completed with the framing's time since boot and boot; or the framing's
   * when the stamp is missing or unreadable.
   *
   * @param stamp the time part of {@code audit(…)}, or {@code null}
   * @param framing the time the framing gave the record
   * @return the time
   */
  EventTime of(@Nullable String stamp, EventTime framing) {
    if (stamp == null) {
      return framing;
    }
    Instant wall = epoch(stamp);
    boolean assumed = false;
    if (wall == null) {
      wall = local(stamp);
      assumed = true;
    }
    if (wall == null) {
      return framing;
    }
    return new EventTime(wall, EventTime.Precision.MILLIS, false, assumed, framing.uptime(), framing.bootId());
  }

  /** {@code 1514202775.088} as an instant, or {@code null}. */
  static @Nullable Instant epoch(String s) {
    int dot = s.indexOf('.');
    if (dot <= 0 || dot > 12) {
      return null;
    }
    long sec = AuditRecord.digits(s, 0, dot);
    long ms = AuditRecord.digits(s, dot + 1, s.length());
    if (sec < 0 || ms < 0 || s.length() - dot - 1 != 3) {
      return null;
    }
    return Instant.ofEpochSecond(sec, ms * 1_000_000);
  }

  /** A local {@code DATE HH:MM:SS.mmm} in the zone, or {@code null}. */
  @Nullable Instant local(String s) {
    int sp = s.lastIndexOf(' ');
    if (sp <= 0 || s.length() > 40) {
      return null;
    }
    int[] date = numbers(s, 0, sp, 3);
    int[] time = numbers(s, sp + 1, s.length(), 4);
    if (date == null || time == null || date[3] != 3 || time[4] != 4) {
      return null;
    }
    String d = s.substring(0, sp);
    int year;
    int month;
    int day;
    if (date[4] == 4) { // the first number has four digits: year first (ISO, CJK locales)
      year = date[0];
      month = date[1];
      day = date[2];
    } else {
      boolean dayFirst = d.indexOf('.') >= 0 || slashOrder == DateOrder.DMY || date[0] > 12;
      day = dayFirst ? date[0] : date[1];
      month = dayFirst ? date[1] : date[0];
      year = date[2] < 100 ? 2000 + date[2] : date[2];
    }
    try {
      LocalDateTime t = LocalDateTime.of(year, month, day, time[0], time[1], time[2], time[3] * 1_000_000);
      return t.atZone(zone).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * Up to {@code max} runs of digits in {@code s[from, to)}: slots 0..max-1 hold the numbers, slot
   * {@code max} how many there were, slot {@code max + 1} how many digits the first had; {@code null} when a
   * run is too long.
   */
  private static int @Nullable [] numbers(String s, int from, int to, int max) {
    int[] out = new int[Math.max(max + 2, 6)];
    int count = 0;
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        i++;
        continue;
      }
      int start = i;
      long v = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 9) {
          return null;
        }
      }
      if (count == max) {
        return null;
      }
      if (count == 0) {
        out[max + 1] = i - start;
      }
      out[count++] = (int) v;
    }
    out[max] = count;
    return out;
  }
}
