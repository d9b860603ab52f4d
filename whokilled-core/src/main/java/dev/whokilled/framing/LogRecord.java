package dev.whokilled.framing;

import dev.whokilled.event.EventTime;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One log message with what its framing told about it: where it was read, when, from whom.
 *
 * @param source the name of the stream it was read from (a file name, {@code dmesg}, {@code -})
 * @param line the 1-based line number in that stream of the record's first line
 * @param text the line as read (for a multi-line record: its message); what a report shows as evidence
 * @param message the message without its framing
 * @param format the framing the record was read in
 * @param origin who wrote it, as far as the framing proves
 * @param time when, as precisely as the framing said
 * @param host the host name the framing gave, or {@code null}
 * @param identifier the syslog tag or journal {@code SYSLOG_IDENTIFIER} ({@code kernel}, {@code systemd}), or
 *     {@code null}
 * @param senderPid the pid of the process that wrote the record, when the framing says ({@code tag[pid]:},
 *     {@code _PID}), or {@code null}
 * @param facility the syslog facility (0 = kernel, 1 = user, 3 = daemon, …), or -1 when not given
 * @param level the syslog level (0 = emerg … 7 = debug), or -1 when not given
 * @param bootIndex how many reboots this stream showed before this record (0 for the first boot seen)
 * @param sequence the kernel's record sequence number ({@code /dev/kmsg}), or -1
 * @param writerComm the command name of the process that wrote the record, when the framing says and it may differ
 *     from the identifier (the journal's {@code _COMM}: {@code logger} for {@code logger -t kernel}), or
 *     {@code null}
 * @since 0.1
 */
public record LogRecord(
    String source,
    long line,
    String text,
    String message,
    Format format,
    Origin origin,
    EventTime time,
    @Nullable String host,
    @Nullable String identifier,
    @Nullable Long senderPid,
    int facility,
    int level,
    int bootIndex,
    long sequence,
    @Nullable String writerComm) {

  /**
   * Checks the components.
   *
   * @param source the name of the stream it was read from
   * @param line the 1-based line number of the record's first line
   * @param text the line as read (for a multi-line record: its message)
   * @param message the message without its framing
   * @param format the framing the record was read in
   * @param origin who wrote it
   * @param time when
   * @param host the host name, or {@code null}
   * @param identifier the syslog tag or journal identifier, or {@code null}
   * @param senderPid the pid of the writer, or {@code null}
   * @param facility the syslog facility, or -1
   * @param level the syslog level, or -1
   * @param bootIndex how many reboots the stream showed before this record
   * @param sequence the kernel's sequence number, or -1
   * @param writerComm the command name of the writer (the journal's {@code _COMM}), or {@code null}
   * @throws NullPointerException if a non-null component is null
   */
  public LogRecord {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(time, "time");
  }

  /**
   * A record whose framing names no writer's command apart from its identifier.
   *
   * @param source the name of the stream it was read from
   * @param line the 1-based line number of the record's first line
   * @param text the line as read (for a multi-line record: its message)
   * @param message the message without its framing
   * @param format the framing the record was read in
   * @param origin who wrote it
   * @param time when
   * @param host the host name, or {@code null}
   * @param identifier the syslog tag or journal identifier, or {@code null}
   * @param senderPid the pid of the writer, or {@code null}
   * @param facility the syslog facility, or -1
   * @param level the syslog level, or -1
   * @param bootIndex how many reboots the stream showed before this record
   * @param sequence the kernel's sequence number, or -1
   * @throws NullPointerException if a non-null component is null
   */
  public LogRecord(String source, long line, String text, String message, Format format, Origin origin,
      EventTime time, @Nullable String host, @Nullable String identifier, @Nullable Long senderPid, int facility,
      int level, int bootIndex, long sequence) {
    this(source, line, text, message, format, origin, time, host, identifier, senderPid, facility, level,
        bootIndex, sequence, null);
  }

  /**
   * Who wrote the record, as far as its framing says, for warnings about lines a user process wrote:
   * {@code logger[8856] as 'kernel'} (the journal names the command and its tag), {@code kernel[8856]} (a syslog
   * tag with a pid), {@code kernel}.
   *
   * @return the writer, or empty when the framing names none
   */
  public Optional<String> writer() {
    String name = writerComm != null ? writerComm : identifier;
    if (name == null && senderPid == null) {
      return Optional.empty();
    }
    StringBuilder b = new StringBuilder(name == null ? "pid" : name);
    if (senderPid != null) {
      b.append(name == null ? " " : "[").append(senderPid).append(name == null ? "" : "]");
    }
    if (writerComm != null && identifier != null && !identifier.equals(writerComm)) {
      b.append(" as '").append(identifier).append('\'');
    }
    return Optional.of(b.toString());
  }

  /**
   * A bare message with no framing, for tests and for callers that have messages, not lines.
   *
   * @param source the stream's name
   * @param line the line number
   * @param message the message
   * @return a record of format {@link Format#PLAIN} and origin {@link Origin#UNKNOWN}
   */
  public static LogRecord plain(String source, long line, String message) {
    return new LogRecord(
        source, line, message, message, Format.PLAIN, Origin.UNKNOWN, EventTime.UNKNOWN, null, null, null,
        -1, -1, 0, -1);
  }

  /**
   * Where the record was read, as evidence is cited.
   *
   * @return {@code source:line}
   */
  public String location() {
    return source + ":" + line;
  }
}
