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

  Format format = Format.PLAIN;
  Origin origin = Origin.UNKNOWN;
  /** Where the message starts; also the column continuation lines are indented to. */
  int msgStart;

  boolean hasUptime;
  long upSeconds;
  int upNanos;

  boolean hasWall;
  long wallSeconds;
  int wallNanos;
  Precision precision = Precision.NONE;
  boolean yearAssumed;
  boolean zoneAssumed;

  /** Host name as {@code [hostStart, hostEnd)} of the line, or {@code hostStart < 0}. */
  int hostStart = -1;
  int hostEnd;
  /** Identifier as {@code [identStart, identEnd)} of the line, or {@code identStart < 0}. */
  int identStart = -1;
  int identEnd;
  long pid = -1;

  int facility = -1;
  int level = -1;
  long sequence = -1;
  int escapes = NO_ESCAPES;

  /** A {@code dmesg -H} header ({@code [Nov22 10:54]}): its wall time dates the delta lines after it. */
  boolean relativeHeader;
  /** A {@code dmesg -H} delta line ({@code [  +0.000012]}): dated by the last header. */
  boolean relativeDelta;

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

  void uptime(long seconds, int nanos) {
    hasUptime = true;
    upSeconds = seconds;
    upNanos = nanos;
  }

  void wall(long seconds, int nanos, Precision p, boolean yearGuessed, boolean zoneGuessed) {
    hasWall = true;
    wallSeconds = seconds;
    wallNanos = nanos;
    precision = p;
    yearAssumed = yearGuessed;
    zoneAssumed = zoneGuessed;
  }

  void priority(int pri) {
    facility = pri >> 3;
    level = pri & 7;
  }
}
