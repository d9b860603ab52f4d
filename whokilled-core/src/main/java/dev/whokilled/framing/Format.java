package dev.whokilled.framing;

/**
 * The framings whokilled reads: the prefix (or structure) around a log message.
 *
 * <p>By default each line's format is detected on its own, so mixed input (a pasted dmesg inside a syslog
 * file) reads right; a caller who knows the format can name it with {@link Framing#of(Format)}.
 *
 * @since 0.1
 */
public enum Format {
  /** {@code dmesg}: {@code [  66.634803] message}. */
  DMESG,
  /** {@code dmesg -r}: {@code <4>[  66.634803] message}, priority = facility * 8 + level. */
  DMESG_RAW,
  /**
   * {@code dmesg -T}: {@code [Mon Dec 25 19:52:55 2017] message}, day and month names in the locale of the
   * machine that printed it.
   */
  DMESG_CTIME,
  /**
   * {@code dmesg -H} and {@code dmesg -d}: {@code [Dec25 19:52] message} headers, then {@code [  +0.000012]}
   * deltas.
   */
  DMESG_RELATIVE,
  /** {@code dmesg -x}: {@code kern  :info  : [   66.634803] message}. */
  DMESG_DECODED,
  /** {@code /dev/kmsg}: {@code 6,1234,66634803,-;message} with continuation lines. */
  KMSG,
  /**
   * BSD syslog as in {@code kern.log} and {@code /var/log/messages}, and {@code journalctl} {@code short} and
   * {@code short-precise}: {@code Apr 20 20:03:27 host kernel: [  66.634803] message} (year-less; the
   * {@code [uptime]} part optional).
   */
  SYSLOG,
  /**
   * RFC 3339 / ISO 8601 stamps: rsyslog's high-precision format and {@code journalctl -o short-iso}:
   * {@code 2021-12-10T17:49:55.782801+00:00 host kernel: message}.
   */
  SYSLOG_ISO,
  /** {@code journalctl -o short-monotonic}: {@code [  66.634803] host kernel: message}. */
  JOURNAL_MONOTONIC,
  /** {@code journalctl -o verbose}: a header line, then indented {@code KEY=value} fields. */
  JOURNAL_VERBOSE,
  /** {@code journalctl -o json} (one object a line) and {@code -o json-pretty} (objects over several lines). */
  JOURNAL_JSON,
  /** {@code journalctl -o export}: {@code KEY=value} lines, records separated by an empty line. */
  JOURNAL_EXPORT,
  /** No prefix: the line is the message. */
  PLAIN
}
