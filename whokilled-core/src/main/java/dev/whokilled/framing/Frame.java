package dev.whokilled.framing;

import dev.whokilled.event.EventTime.Precision;

/**
 * What {@link LineParser} read from one line's framing: positions in the line and numbers, no strings, so that
 * one instance serves every line of a stream.
 */
final class Frame {

  /** {@link #escapes}: the message needs no decoding. */
  static final int NO_ESCAPES = 0;
  /** {@link #escapes}: {@code /dev/kmsg}'s {@code \xNN}. */
  static final int KMSG_ESCAPES = 1;
  /** {@link #escapes}: rsyslog's {@code #ooo}. */
  static final int RSYSLOG_ESCAPES = 2;

  /** The format the line was read in. */
  Format format = Format.PLAIN;
  /** Who wrote it, as far as the framing proves. */
  Origin origin = Origin.UNKNOWN;
  /** Where the message starts; also the column continuation lines are indented to. */
  int msgStart;

  /** Whether the framing gave the time since boot. */
  boolean hasUptime;
  /** Whole seconds since boot. */
  long upSeconds;
  /** Nanoseconds past {@link #upSeconds}. */
  int upNanos;

  /** Whether the framing gave a wall-clock time (and it was a valid one). */
  boolean hasWall;
  /** Seconds since the epoch. */
  long wallSeconds;
  /** Nanoseconds past {@link #wallSeconds}. */
  int wallNanos;
  /** The precision the wall-clock time was written with. */
  Precision precision = Precision.NONE;
  /** Whether the year of the wall-clock time was supplied. */
  boolean yearAssumed;
  /** Whether the zone of the wall-clock time was supplied. */
  boolean zoneAssumed;

  /** Host name as {@code [hostStart, hostEnd)} of the line, or {@code hostStart < 0}. */
  int hostStart = -1;
  /** End of the host name. */
  int hostEnd;
  /** Identifier as {@code [identStart, identEnd)} of the line, or {@code identStart < 0}. */
  int identStart = -1;
  /** End of the identifier. */
  int identEnd;
  /** The pid of a {@code tag[pid]:}, or -1. */
  long pid = -1;

  /** The syslog facility, or -1. */
  int facility = -1;
  /** The syslog level, or -1. */
  int level = -1;
  /** The kernel's sequence number, or -1. */
  long sequence = -1;
  /** Which escapes the message needs decoded: {@link #NO_ESCAPES}, {@link #KMSG_ESCAPES}, {@link #RSYSLOG_ESCAPES}. */
  int escapes = NO_ESCAPES;

  /** A {@code dmesg -H} header ({@code [Nov22 10:54]}): its wall time dates the delta lines after it. */
  boolean relativeHeader;
  /** A {@code dmesg -H} delta line ({@code [  +0.000012]}): dated by the last header. */
  boolean relativeDelta;

  /** Forgets everything, for the next line. */
  void reset() {
    format = Format.PLAIN;
    origin = Origin.UNKNOWN;
    msgStart = 0;
    hasUptime = false;
    upSeconds = 0;
    upNanos = 0;
    hasWall = false;
    wallSeconds = 0;
    wallNanos = 0;
    precision = Precision.NONE;
    yearAssumed = false;
    zoneAssumed = false;
    hostStart = -1;
    hostEnd = 0;
    identStart = -1;
    identEnd = 0;
    pid = -1;
    facility = -1;
    level = -1;
    sequence = -1;
    escapes = NO_ESCAPES;
    relativeHeader = false;
    relativeDelta = false;
  }

  /**
   * Sets the time since boot.
   *
   * @param seconds whole seconds
   * @param nanos nanoseconds past them
   */
  void uptime(long seconds, int nanos) {
    hasUptime = true;
    upSeconds = seconds;
    upNanos = nanos;
  }

  /**
   * Sets the wall-clock time.
   *
   * @param seconds seconds since the epoch
   * @param nanos nanoseconds past them
   * @param p the precision it was written with
   * @param yearGuessed whether the year was supplied
   * @param zoneGuessed whether the zone was supplied
   */
  void wall(long seconds, int nanos, Precision p, boolean yearGuessed, boolean zoneGuessed) {
    hasWall = true;
    wallSeconds = seconds;
    wallNanos = nanos;
    precision = p;
    yearAssumed = yearGuessed;
    zoneAssumed = zoneGuessed;
  }

  /**
   * Sets facility and level from a syslog priority.
   *
   * @param pri facility * 8 + level
   */
  void priority(int pri) {
    facility = pri >> 3;
    level = pri & 7;
  }
}
