package dev.whokilled;

import dev.whokilled.framing.Framer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one source's bytes into lines, and keeps from the framing and the parsers every plain kernel log line
 * that no parser wants: such a line is neither decoded nor framed, only counted.
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}, as {@link java.io.BufferedReader#readLine()}
 * ends them, and are decoded as UTF-8 with malformed bytes replaced, so a line reads the same here as through
 * a reader. A line longer than the limit is cut there: its first bytes are read as the line, the rest is
 * skipped (never held), and the report has a problem saying so.
 *
 * <p>A line is skipped only when the framer says that its framing changes nothing but counters
 * ({@link Framer#quietStart}), no parser's prefilter wants it, every parser's patience allows one more, and the
 * line after it does not start with a space (which could continue its record).
 */
final class ByteLines {

  private static final int BUFFER = 1 << 18;

  private final Session.Source source;
  private final int limit;
  private final boolean mayskip;
  private final Framer framer;
  private final Routing routing;
  /** The literals' matcher, anchored by the start of this source once it is read. */
  private Literals literals;

  private byte[] buf;
  /** The number of the last line read. */
  private long number;
  /** The line held back until the next shows whether it may be skipped: its bounds, or -1. */
  private int heldStart = -1;
  private int heldEnd;
  private long heldFound;
  private boolean sampled;
  /** Lines skipped in the framer that the parsers have not been told of yet. */
  private long run;
  /** How many more the parsers can be spared, or -1 when to be asked. */
  private long budget = -1;

  ByteLines(Session.Source source, int limit) {
    this.source = source;
    this.limit = limit;
    this.mayskip = source.mayskip();
    this.framer = mayskip ? source.framer() : null;
    this.routing = source.routing();
    this.literals = routing.literals();
    this.buf = new byte[Math.max(BUFFER, Math.min(limit + 1, 1 << 20))];
  }

  void read(InputStream in) throws IOException {
    int len = 0; // bytes in buf
    int pos = 0; // start of the current line
    int scan = 0; // where the search for its end goes on
    boolean afterCr = false; // the last line ended with \r: a \n first in the next read ends nothing
    boolean cutting = false; // skipping the rest of a line cut at the limit
    boolean eof = false;
    while (true) {
      int end = -1;
      int next = -1;
      byte[] b = buf;
      for (int i = scan; i < len; i++) {
        byte c = b[i];
        if (c == '\n' || c == '\r') {
          end = i;
          next = i + 1;
          break;
        }
      }
      if (end >= 0) {
        if (afterCr && end == pos && b[end] == '\n') {
          // the \n of a \r\n split by a read, or right after one: no line
          afterCr = false;
          pos = next;
          scan = next;
          continue;
        }
        afterCr = false;
        if (b[end] == '\r') {
          if (next < len) {
            if (b[next] == '\n') {
              next++;
            }
          } else if (!eof) {
            afterCr = true;
          }
        }
        if (cutting) {
          cutting = false;
        } else if (end - pos > limit) {
          line(b, pos, pos + limit, true);
          source.cut(number, limit);
        } else {
          line(b, pos, end, false);
        }
        pos = next;
        scan = next;
        continue;
      }
      // no line end in the buffer from pos
      if (!cutting && len - pos > limit) {
        line(b, pos, pos + limit, true);
        source.cut(number, limit);
        cutting = true;
      }
      if (cutting) {
        pos = len;
      }
      if (eof) {
        if (pos < len && !cutting) {
          line(b, pos, len, false);
        }
        break;
      }
      // keep the held line and the partial one, read more
      int keep = heldStart >= 0 ? heldStart : pos;
      int shift = keep;
      if (shift > 0) {
        System.arraycopy(b, shift, b, 0, len - shift);
        len -= shift;
        pos -= shift;
        if (heldStart >= 0) {
          heldStart -= shift;
          heldEnd -= shift;
        }
      }
      if (len == b.length) {
        byte[] grown = new byte[b.length * 2];
        System.arraycopy(b, 0, grown, 0, len);
        buf = grown;
        b = grown;
      }
      scan = len;
      int n = in.read(b, len, b.length - len);
      if (n < 0) {
        eof = true;
      } else {
        len += n;
      }
      if (!sampled && (eof || len >= Math.min(b.length, 1 << 16))) {
        sampled = true;
        literals = routing.literals(b, len);
      }
    }
    release(false);
    flush();
  }

  /** One line, {@code b[start, end)}; {@code frame} when it must be read whatever it holds. */
  private void line(byte[] b, int start, int end, boolean frame) {
    number++;
    if (!mayskip) {
      source.accept(new String(b, start, end - start, StandardCharsets.UTF_8));
      return;
    }
    if (heldStart >= 0) {
      release(end > start && b[start] == ' ');
    }
    long found = literals.find(b, start, end);
    int msg = framer.quietStart(b, start, end);
    if (!frame && msg >= 0 && routing.wantedKernelLog(b, end, msg, found) == 0 && spare()) {
      heldStart = start;
      heldEnd = end;
      heldFound = found;
      return;
    }
    frame(b, start, end, found);
  }

  /** Whether the parsers can be spared one more line. */
  private boolean spare() {
    if (budget < 0) {
      budget = source.patience();
    }
    return run < budget;
  }

  /** Skips the held line, or frames it when the next line may continue its record. */
  private void release(boolean frame) {
    if (heldStart < 0) {
      return;
    }
    int s = heldStart;
    heldStart = -1;
    if (frame) {
      frame(buf, s, heldEnd, heldFound);
    } else {
      framer.skipQuiet();
      run++;
    }
  }

  private void frame(byte[] b, int start, int end, long found) {
    flush();
    source.accept(new String(b, start, end - start, StandardCharsets.UTF_8), found, literals);
    budget = -1;
  }

  /** Tells the parsers of the lines skipped since they last saw one. */
  private void flush() {
    if (run > 0) {
      source.skipped(run);
      run = 0;
    }
  }
}
