package dev.whokilled.cli;

import dev.whokilled.framing.Framing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The kernel's log as the kernel writes it, from {@code /dev/kmsg}, from now on.
 *
 * <p>Each {@code read(2)} of {@code /dev/kmsg} returns one record, {@code prio,seq,usec,flags;message} and its
 * dictionary lines ({@code  SUBSYSTEM=…}), and blocks at the end until the kernel writes the next. The records
 * already in the ring buffer when the watch starts are not news: {@code /dev/kmsg} can seek to its end
 * ({@code SEEK_END}), but Java can only seek from the start, and cannot open it without blocking. So the sequence
 * number of the last record there now is asked of {@code dd iflag=nonblock} (GNU coreutils), which reads to the end
 * and stops; the feed reads from the start and skips every record up to that number. Where there is no such
 * {@code dd}, a read that blocks marks the end instead: the records that came without waiting were there already.
 *
 * <p>When the kernel overwrites records before they are read (a burst larger than the ring buffer), the next read
 * fails with {@code EPIPE} and the one after returns the oldest record left: the gap in sequence numbers is how many
 * were lost, and it is reported as a warning. A regular file or a pipe of records (in tests) is read the same way,
 * several records a read, and its end ends the feed.
 */
final class KmsgFeed implements Watch.Feed {

  /** The name evidence cites the kernel's records by. */
  static final String SOURCE = "kmsg";

  /** The kernel's records are at most 8 KiB with their dictionary ({@code CONSOLE_EXT_LOG_MAX}); a read needs room. */
  static final int RECORD_MAX = 16 * 1024;

  /** A read that took longer than this waited for the kernel: the records before it were there already. */
  static final Duration BLOCKED = Duration.ofMillis(50);

  /** Without {@code dd}, records are taken as new this long after opening whatever the reads took. */
  static final Duration BACKLOG_MAX = Duration.ofSeconds(2);

  /** Opens the device. */
  interface Opener {
    /**
     * Opens it for reading.
     *
     * @param device the path
     * @return the channel, one record a read for {@code /dev/kmsg}
     * @throws IOException if it cannot be opened
     */
    ReadableByteChannel open(Path device) throws IOException;
  }

  private final Path device;
  private final List<String> endCommand;
  private final Framing framing;
  private final Opener opener;
  private @Nullable ReadableByteChannel channel;
  private long lastOld = Long.MIN_VALUE;
  private boolean timed;
  private boolean endTimed;
  private long opened;
  private volatile boolean stopped;

  /**
   * A feed of a kernel log device.
   *
   * @param device {@code /dev/kmsg}, or a file of records
   * @param endCommand the command that prints the records there now and stops ({@code dd … iflag=nonblock}); the
   *     device's path is appended as {@code if=PATH}
   * @param framing the framing of its records
   * @param opener opens the device
   */
  KmsgFeed(Path device, List<String> endCommand, Framing framing, Opener opener) {
    this.device = device;
    this.endCommand = List.copyOf(endCommand);
    this.framing = framing;
    this.opener = opener;
  }

  /**
   * The feed of this machine's {@code /dev/kmsg}.
   *
   * @param framing the framing of its records (kmsg, in the zone of the times shown)
   * @return the feed
   */
  static KmsgFeed live(Framing framing) {
    return new KmsgFeed(Path.of("/dev/kmsg"), List.of("dd", "iflag=nonblock", "bs=" + RECORD_MAX, "status=none"),
        framing, p -> FileChannel.open(p, StandardOpenOption.READ));
  }

  /** The device read. */
  Path device() {
    return device;
  }

  /**
   * Opens the device and finds where now is in it; call before {@link #start}, so that a device that cannot be
   * read is known at once.
   *
   * @throws IOException if the device cannot be opened
   */
  void open() throws IOException {
    channel = opener.open(device);
    OptionalLong last = lastSequence();
    opened = System.nanoTime();
    if (last.isPresent()) {
      lastOld = last.getAsLong();
    } else {
      timed = true;
      endTimed = true;
    }
  }

  /** Whether the end of the records there at opening was found by timing the reads (no {@code dd}). */
  boolean endTimed() {
    return endTimed;
  }

  /**
   * The sequence number of the last record in the device now, as the end command reads it: {@code -1} when the
   * device holds none, empty when the command cannot tell (not there, or it failed without reading).
   */
  private OptionalLong lastSequence() {
    if (endCommand.isEmpty()) {
      return OptionalLong.empty();
    }
    List<String> command = new ArrayList<>(endCommand);
    command.add("if=" + device);
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(false).start();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
    long last = -1;
    boolean any = false;
    try (InputStream in = p.getInputStream(); InputStream err = p.getErrorStream()) {
      p.getOutputStream().close();
      Lines lines = new Lines();
      byte[] buf = new byte[RECORD_MAX];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        for (String line : lines.add(buf, n)) {
          long seq = sequence(line);
          if (seq >= 0) {
            last = seq;
            any = true;
          }
        }
      }
      String error = new String(err.readNBytes(4096), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return OptionalLong.empty();
      }
      // dd ends with status 1 and EAGAIN at the end of /dev/kmsg, and with 0 at the end of a file
      boolean atEnd = p.exitValue() == 0 || error.contains("Resource temporarily unavailable");
      return any || atEnd ? OptionalLong.of(last) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return OptionalLong.empty();
    }
  }

  @Override
  public void start(Watch.Inbox inbox) {
    ReadableByteChannel ch = channel;
    if (ch == null) {
      throw new IllegalStateException("start before open");
    }
    Thread t = new Thread(() -> read(ch, inbox), "whokilled-kmsg");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void stop() {
    stopped = true;
    ReadableByteChannel ch = channel;
    if (ch != null) {
      try {
        ch.close(); // ends a read blocked in the kernel (AsynchronousCloseException)
      } catch (IOException e) {
        // closing is all that is wanted
      }
    }
  }

  private void read(ReadableByteChannel ch, Watch.Inbox inbox) {
    ByteBuffer buf = ByteBuffer.allocateDirect(RECORD_MAX);
    byte[] bytes = new byte[RECORD_MAX];
    Lines lines = new Lines();
    Record record = new Record();
    boolean overwritten = false;
    try {
      while (!stopped) {
        buf.clear();
        long before = System.nanoTime();
        int n;
        try {
          n = ch.read(buf);
        } catch (ClosedChannelException e) {
          break; // stopped
        } catch (IOException e) {
          if (!isBrokenPipe(e)) {
            if (!stopped) {
              inbox.warn("cannot read " + device + " any more: " + Inputs.reason(e) + "; the kernel log is not "
                  + "followed from here on");
            }
            break;
          }
          overwritten = true; // the next read returns the oldest record left
          continue;
        }
        if (n < 0) {
          break;
        }
        if (timed && System.nanoTime() - before > BLOCKED.toNanos()) {
          timed = false; // the read waited for the kernel: what follows is news
        }
        buf.flip();
        buf.get(bytes, 0, n);
        for (String line : lines.add(bytes, n)) {
          take(line, record, overwritten, inbox);
          overwritten = false;
        }
      }
      String rest = lines.rest();
      if (!rest.isEmpty()) {
        take(rest, record, false, inbox);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (!stopped) {
        inbox.ended(SOURCE);
      }
    }
  }

  /** What the feed knows of the record being read. */
  private static final class Record {
    boolean skipped;
    long micros = -1;
    long lastSeq = -1;
  }

  private void take(String line, Record r, boolean overwritten, Watch.Inbox inbox) throws InterruptedException {
    if (line.startsWith(" ")) {
      if (!r.skipped) {
        inbox.kernelLine(SOURCE, framing, line, r.micros); // a dictionary line of the record before
      }
      return;
    }
    long seq = sequence(line);
    if (seq < 0) {
      r.skipped = false;
      inbox.kernelLine(SOURCE, framing, line, -1);
      return;
    }
    r.micros = micros(line);
    r.skipped = seq <= lastOld
        || timed && System.nanoTime() - opened < BACKLOG_MAX.toNanos();
    long expected = Math.max(r.lastSeq, lastOld) + 1;
    if (!r.skipped && r.lastSeq >= 0 && seq > expected) {
      long lost = seq - expected;
      inbox.warn("the kernel log " + (overwritten ? "overwrote " : "skipped ") + lost + " record"
          + (lost == 1 ? "" : "s") + " (sequence numbers " + expected + " to " + (seq - 1) + ") before they could be "
          + "read; a death among them is missed");
    }
    r.lastSeq = Math.max(r.lastSeq, seq);
    if (!r.skipped) {
      inbox.kernelLine(SOURCE, framing, line, r.micros);
    }
  }

  private static boolean isBrokenPipe(IOException e) {
    String m = e.getMessage();
    return m != null && m.contains("Broken pipe");
  }

  /** The sequence number of a record's header line ({@code 6,1234,66634803,-;…}), or -1. */
  static long sequence(String line) {
    int c1 = line.indexOf(',');
    int semi = line.indexOf(';');
    if (c1 <= 0 || semi < 0 || c1 > semi) {
      return -1;
    }
    int c2 = line.indexOf(',', c1 + 1);
    if (c2 < 0 || c2 > semi) {
      return -1;
    }
    return digits(line, 0, c1) < 0 ? -1 : digits(line, c1 + 1, c2);
  }

  /** The time since boot of a record's header line, microseconds, or -1. */
  static long micros(String line) {
    int c1 = line.indexOf(',');
    int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
    int semi = line.indexOf(';');
    if (c2 < 0 || semi < c2) {
      return -1;
    }
    int end = c2 + 1;
    while (end < semi && line.charAt(end) != ',') {
      end++;
    }
    return digits(line, c2 + 1, end);
  }

  /** The number of {@code s[from, to)}: ASCII digits only (no sign), at most 18 of them; else -1. */
  private static long digits(String s, int from, int to) {
    if (from >= to || to - from > 18 || !s.subSequence(from, to).chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    return Long.parseLong(s, from, to, 10);
  }

  /** Splits bytes into lines at {@code \n}, keeping a line cut between two reads for the next. */
  private static final class Lines {
    private final ByteArrayOutputStream carry = new ByteArrayOutputStream();

    List<String> add(byte[] buf, int n) {
      List<String> lines = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          carry.write(buf, start, i - start);
          lines.add(carry.toString(StandardCharsets.UTF_8));
          carry.reset();
          start = i + 1;
        }
      }
      carry.write(buf, start, n - start);
      return lines;
    }

    String rest() {
      String s = carry.toString(StandardCharsets.UTF_8);
      carry.reset();
      return s;
    }
  }
}
