package dev.whokilled;

import dev.whokilled.framing.Framer;
import dev.whokilled.internal.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Reads one source's bytes in chunks that end at line breaks, scans the chunks on every core but the reading thread's
 * for what each line needs, and reads the lines into the source in order: a plain kernel log line that no parser
 * wants is neither decoded nor framed, only counted.
 *
 * <p>The scan is stateless (the line's shape, {@link Framer#quietShape}, and which parsers' literals and prefixes it
 * holds), so chunks are scanned in parallel; everything that has state (the framer, the parsers' patience, boots,
 * blocks) is decided after, in file order, on the reading thread. The scan looks at eight bytes at a time for line
 * ends, for the anchors of the literals ({@link Literals}) and for {@code ]:}, which with the literal
 * {@code " kernel:"} ({@link Routing#FRAMING}) are the words that make a line need its framing read in full. Runs of
 * skippable lines reach the framer and the parsers as counts ({@link Framer#skipQuiet},
 * {@link dev.whokilled.spi.KillParser#skipped}); a run is read line by line where the state says it must be (an open
 * journal record, a parser that must see its next record, a line after it that starts with a space and could continue
 * its last line's record).
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}, as {@link java.io.BufferedReader#readLine()} ends
 * them, and are decoded as UTF-8 with malformed bytes replaced, so a line reads the same here as through a reader. A
 * line longer than the limit is cut there: its first bytes are read as the line, the rest is skipped (never held), and
 * the report has a problem saying so.
 */
final class ChunkReader {

  /** Bytes per chunk, at least. */
  static final int CHUNK = 1 << 19;

  private static final int RUN = 0;
  private static final int LINE = 1;
  private static final int CUT = 2;

  private final Session.Source source;
  private final int limit;
  private final boolean mayskip;
  private final Routing routing;
  private final int threads;
  /** Bytes per chunk: room for a line of the limit and more. */
  private final int chunk;
  /** The matcher, anchored by the first chunk's bytes once read; null until then, and when nothing is skipped. */
  private @Nullable Literals literals;

  private final long[] shape = new long[1];
  /** Skipped lines the parsers have not been told of yet. */
  private long pending;
  /** How many more lines the parsers can be spared, or -1 when to be asked. */
  private long budget = -1;
  /** Chunks to fill again. */
  private final ArrayDeque<Chunk> free = new ArrayDeque<>();
  /** Lines of the source before this read, and in the chunks consumed since. */
  private long linesBefore;
  /** The chunk being consumed. */
  private @Nullable Chunk consuming;
  /** A run of the chunk before, held until the next item shows whether its last line must be read. */
  private Chunk heldChunk;
  private int heldItem = -1;

  ChunkReader(Session.Source source, int limit, int threads) {
    this(source, limit, threads, CHUNK);
  }

  /** A reader with chunks of at least {@code chunkBytes} (tests make them small, to put lines across chunks). */
  ChunkReader(Session.Source source, int limit, int threads, int chunkBytes) {
    this.source = source;
    this.limit = limit;
    this.mayskip = source.mayskip();
    this.routing = source.routing();
    this.threads = Math.max(1, threads);
    this.chunk = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(chunkBytes, 2L * limit + 2));
  }

  /** A chunk of whole lines and, once scanned, its items: runs of skippable lines and lines to read. */
  static final class Chunk {
    final byte[] buf;
    int len;
    /** The chunk before ended with {@code \r}: a {@code \n} first here ends no line. */
    boolean afterCr;
    /** The last line has no terminator (the end of the input). */
    boolean eof;
    /** The reader ended the input's last line, which had no terminator, with a {@code \n} of its own. */
    boolean terminated;
    /** Start offsets of lines the reader cut at the limit (the rest of them is not in the chunk). */
    int[] cutStarts = new int[0];
    /** Bytes that are not text: malformed UTF-8, or control bytes NUL to backspace. */
    int notText;
    /** Where the first of them stands, or -1; once lines are split, the index of its line in the chunk. */
    int firstNotText = -1;
    /** The chunk's lines, once split. */
    int lineCount;

    // items, in parallel arrays
    int items;
    int[] kind = new int[256];
    int[] start = new int[256];
    int[] end = new int[256];
    long[] found = new long[256];
    /** For a run: its line count; its lines' places are {@link #lineStart}{@code [start]} on. */
    int[] count = new int[256];
    /** Where each line of the chunk's runs starts and ends, in order. */
    int[] lineStart = new int[1024];
    int[] lineEnd = new int[1024];
    int lines;

    // the scan's first pass: line ends, and marks (where, and what stands there), each in order
    int[] ends = new int[1024];
    int[] marks = new int[256];
    byte[] kinds = new byte[256];

    Chunk(int size) {
      buf = new byte[size];
    }

    int add(int k) {
      if (items == kind.length) {
        int n = items * 2;
        kind = Arrays.copyOf(kind, n);
        start = Arrays.copyOf(start, n);
        end = Arrays.copyOf(end, n);
        found = Arrays.copyOf(found, n);
        count = Arrays.copyOf(count, n);
      }
      kind[items] = k;
      return items++;
    }

    /** A line of a run. */
    void runLine(int from, int to) {
      if (lines == lineStart.length) {
        lineStart = Arrays.copyOf(lineStart, lines * 2);
        lineEnd = Arrays.copyOf(lineEnd, lines * 2);
      }
      lineStart[lines] = from;
      lineEnd[lines++] = to;
    }
  }

  void read(InputStream in) throws IOException {
    ExecutorService pool = null;
    ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
    Filler filler = new Filler(in);
    linesBefore = source.lines();
    try {
      while (true) {
        Chunk c = free.isEmpty() ? new Chunk(chunk + 1) : free.poll();
        if (!filler.fill(c)) {
          break;
        }
        if (pool == null && !c.eof && threads > 1) {
          // the reading thread is busy too (it frames and parses what the scan finds): one core is its own
          pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), DAEMONS);
        }
        if (literals == null && mayskip) {
          literals = routing.kernelLiterals(c.buf, c.len);
        }
        Literals with = literals;
        if (pool == null) {
          scan(c, with);
          consume(c);
          continue;
        }
        inFlight.add(pool.submit(() -> scan(c, with)));
        while (inFlight.size() >= threads * 2 || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
          consume(await(inFlight.poll()));
        }
      }
      while (!inFlight.isEmpty()) {
        consume(await(inFlight.poll()));
      }
      finishHeld(false);
      flush();
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private static final ThreadFactory DAEMONS = new ThreadFactory() {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "whokilled-scan-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  };

  private static Chunk await(Future<Chunk> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }

  /** A chunk goes back to the pool once it is consumed and no held run points into it. */
  private void release(Chunk c) {
    if (free.size() < threads * 2 + 2) {
      free.add(c);
    }
  }

  // ------------------------------------------------------------------------------------------ reading

  /** Fills chunks from the stream with whole lines, carrying a partial last line over, cutting long lines. */
  private final class Filler {
    private final InputStream in;
    private byte[] carry = new byte[1 << 16];
    private int carried;
    private boolean carriedAfterCr;
    /** Skipping the rest of a line cut at the limit. */
    private boolean cutting;
    /** The cut line's rest ended with a {@code \r} at the end of a read: a {@code \n} first in the next is its. */
    private boolean dropLf;
    private boolean eof;

    Filler(InputStream in) {
      this.in = in;
    }

    /** Fills {@code c}; false when the stream is at its end and nothing is left. */
    boolean fill(Chunk c) throws IOException {
      if (eof && carried == 0) {
        return false;
      }
      byte[] b = c.buf;
      c.items = 0;
      c.lines = 0;
      c.cutStarts = new int[0];
      c.notText = 0;
      c.firstNotText = -1;
      c.lineCount = 0;
      c.eof = false;
      c.terminated = false;
      c.afterCr = carriedAfterCr;
      System.arraycopy(carry, 0, b, 0, carried);
      int len = carried;
      carried = 0;
      while (len < chunk && !eof) {
        int from = len;
        int n = in.read(b, len, chunk - len);
        if (n < 0) {
          eof = true;
          break;
        }
        len += n;
        if (dropLf && len > from) {
          dropLf = false;
          if (b[from] == '\n') {
            System.arraycopy(b, from + 1, b, from, len - from - 1);
            len--;
          }
        }
        if (cutting) {
          int i = from;
          while (i < len && b[i] != '\n' && b[i] != '\r') {
            i++;
          }
          if (i == len) {
            len = from; // all of it is the cut line's rest
            continue;
          }
          cutting = false;
          int j = i + 1;
          if (b[i] == '\r') {
            if (j < len) {
              if (b[j] == '\n') {
                j++;
              }
            } else {
              dropLf = true;
            }
          }
          System.arraycopy(b, j, b, from, len - j);
          len -= j - from;
        }
        // a partial line longer than the limit is cut now, so that it is never held whole
        int last = lastLineStart(b, len);
        if (len - last > limit) {
          int[] cuts = Arrays.copyOf(c.cutStarts, c.cutStarts.length + 1);
          cuts[cuts.length - 1] = last;
          c.cutStarts = cuts;
          b[last + limit] = '\n';
          len = last + limit + 1;
          cutting = true;
        }
      }
      if (eof) {
        if (len > 0 && b[len - 1] != '\n' && b[len - 1] != '\r') {
          b[len++] = '\n'; // the last line ends here; the same line as without a terminator
          c.terminated = true;
        }
        c.len = len;
        c.eof = true;
        carriedAfterCr = false;
        return len > 0;
      }
      int last = lastLineStart(b, len);
      carried = len - last;
      if (carried > carry.length) {
        carry = new byte[Math.max(carried, carry.length * 2)];
      }
      System.arraycopy(b, last, carry, 0, carried);
      c.len = last;
      carriedAfterCr = last > 0 && b[last - 1] == '\r';
      return true;
    }
  }

  /** Where the line that is not ended within {@code b[0, to)} starts (after the last terminator), or 0. */
  private static int lastLineStart(byte[] b, int to) {
    for (int i = to - 1; i >= 0; i--) {
      if (b[i] == '\n' || b[i] == '\r') {
        return i + 1;
      }
    }
    return 0;
  }

  // ------------------------------------------------------------------------------------------ scanning

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  /** Bytes below this are control characters, among them the line ends {@code \n} and {@code \r}. */
  private static final long BELOW_CR = 0x0e0e0e0e0e0e0e0eL;
  private static final long RIGHT_BRACKETS = 0x5d5d5d5d5d5d5d5dL;
  private static final long COLONS = 0x3a3a3a3a3a3a3a3aL;
  /** Gathers the high bit of each byte of a word into the low eight bits of the top byte. */
  private static final long GATHER = 0x0102040810204080L;
  /** For each byte value but 0, the place of its lowest bit. */
  private static final byte[] LOWEST = new byte[256];

  static {
    for (int v = 1; v < 256; v++) {
      LOWEST[v] = (byte) Integer.numberOfTrailingZeros(v);
    }
  }

  /** Marks: a literal's window, a short literal's pair, a {@code ]:}. */
  private static final byte WINDOW = 1;
  private static final byte PAIR = 2;
  private static final byte JOURNAL = 3;
  /** The window table of no literals, for a scan that looks for none: never read. */
  private static final long[] NO_WINDOWS = new long[0];

  /**
   * Splits a chunk into lines and marks what each needs; touches nothing but the chunk. Two passes: the first looks
   * at eight bytes at a time for line ends, {@code ]:} and the windows of the literals (at the word's first and fifth
   * byte; the pairs at every second byte when there are short literals), and writes down where each stands (a word
   * with none costs one load, two lookups and a few operations; each mask may hold a byte that is not what it looks
   * for, never miss one that is); the second reads each line's shape and what its marks found.
   */
  private Chunk scan(Chunk c, @Nullable Literals with) {
    byte[] b = c.buf;
    int len = c.len; // every line in the chunk ends with a terminator (the filler makes it so)
    int base = c.afterCr && len > 0 && b[0] == '\n' ? 1 : 0;
    // with is null exactly when nothing may be skipped: then no literal is looked for, and no mark needs it
    boolean literals = with != null;
    long[] windows = with != null ? with.windows() : NO_WINDOWS;
    long[] pairs = with != null ? with.shortPairs() : null;
    boolean shortOnes = literals && pairs != null;
    int[] ends = c.ends;
    int[] marks = c.marks;
    byte[] kinds = c.kinds;
    int ne = 0;
    int nm = 0;
    int i = base;
    int checked = base; // bytes before this are checked for UTF-8
    while (i + 9 <= len) {
      long w = (long) LONGS.get(b, i);
      if ((w & HIGHS) != 0 && i + 8 > checked) {
        checked = utf8(c, b, Math.max(i, checked), i + 8, len);
      }
      long ctl = (w - BELOW_CR) & ~w & HIGHS;
      // a ']' whose next byte is a ':' (the next word's first byte is checked below)
      long rc = (w ^ RIGHT_BRACKETS) | ((w ^ COLONS) >>> 8);
      rc = (rc - ONES) & ~rc & HIGHS;
      long hits = 0;
      if (literals) {
        int k0 = Literals.hash((int) w);
        int k1 = Literals.hash((int) (w >>> 32));
        hits = (windows[k0 >>> 6] >>> k0) & 1 | ((windows[k1 >>> 6] >>> k1) & 1) << 4;
        if (shortOnes) {
          int h0 = Literals.key(w, 0);
          int h1 = Literals.key(w, 2);
          int h2 = Literals.key(w, 4);
          int h3 = Literals.key(w, 6);
          hits |= ((pairs[h0 >>> 6] >>> h0) & 1 | ((pairs[h1 >>> 6] >>> h1) & 1) << 2
              | ((pairs[h2 >>> 6] >>> h2) & 1) << 4 | ((pairs[h3 >>> 6] >>> h3) & 1) << 6) << 8;
        }
      }
      if ((ctl | rc | hits) != 0) {
        if (ne + 8 > ends.length) {
          ends = c.ends = Arrays.copyOf(ends, ends.length * 2);
        }
        if (nm + 24 > marks.length) {
          marks = c.marks = Arrays.copyOf(marks, marks.length * 2);
          kinds = c.kinds = Arrays.copyOf(kinds, marks.length);
        }
        // bit k for byte i + k; the lowest bit's place by a table, which a JIT without intrinsics reads fastest
        for (int at = (int) ((ctl >>> 7) * GATHER >>> 56); at != 0; at &= at - 1) {
          int p = i + LOWEST[at];
          byte x = b[p];
          if (x == '\n' || x == '\r') {
            ends[ne++] = p;
          } else if (x < '\t' && x >= 0) {
            notText(c, p, 1);
          }
        }
        // the other marks, in the order of their bytes
        int at = (int) (hits | hits >>> 8) & 0xff | (int) ((rc >>> 7) * GATHER >>> 56);
        while (at != 0) {
          int k = LOWEST[at];
          at &= at - 1;
          int p = i + k;
          if ((hits >>> k & 1) != 0) {
            marks[nm] = p;
            kinds[nm++] = WINDOW;
          }
          if ((hits >>> (k + 8) & 1) != 0) {
            marks[nm] = p;
            kinds[nm++] = PAIR;
          }
          if ((rc >>> (8 * k + 7) & 1) != 0 && b[p] == ']' && b[p + 1] == ':') {
            marks[nm] = p;
            kinds[nm++] = JOURNAL;
          }
        }
      }
      i += 8;
    }
    if (checked < len) {
      utf8(c, b, Math.max(i, checked), len, len);
    }
    for (int p = i; p < len; p++) {
      if (ne + 1 > ends.length) {
        ends = c.ends = Arrays.copyOf(ends, ends.length * 2);
      }
      if (nm + 3 > marks.length) {
        marks = c.marks = Arrays.copyOf(marks, marks.length * 2);
        kinds = c.kinds = Arrays.copyOf(kinds, marks.length);
      }
      byte x = b[p];
      int d = p - base;
      if (literals && (d & 3) == 0 && p + 4 <= len) {
        marks[nm] = p;
        kinds[nm++] = WINDOW;
      }
      if (shortOnes && (d & 1) == 0 && p + 1 < len) {
        marks[nm] = p;
        kinds[nm++] = PAIR;
      }
      if (x == ']' && p + 1 < len && b[p + 1] == ':') {
        marks[nm] = p;
        kinds[nm++] = JOURNAL;
      }
      if (x == '\n' || x == '\r') {
        ends[ne++] = p;
      } else if (x < '\t' && x >= 0) {
        notText(c, p, 1);
      }
    }
    lines(c, with, base, ne, nm);
    return c;
  }

  /** Counts {@code n} bytes that are not text at {@code p}. */
  private static void notText(Chunk c, int p, int n) {
    if (c.notText == 0 || p < c.firstNotText) {
      c.firstNotText = p;
    }
    c.notText += n;
  }

  /**
   * Checks the UTF-8 of {@code b[from, len)} up to the first ASCII byte at or after {@code upTo}, counting each byte
   * that starts no well-formed sequence ({@link Bytes#utf8Length}): those the decoder reads as U+FFFD. Words of
   * ASCII never come here, so a text log pays nothing for it.
   *
   * @return where the check stopped
   */
  private static int utf8(Chunk c, byte[] b, int from, int upTo, int len) {
    int p = from;
    while (p < len && (p < upTo || b[p] < 0)) {
      int n = Bytes.utf8Length(b, p, len);
      if (n == 0) {
        notText(c, p, 1);
        p++;
      } else {
        p += n;
      }
    }
    return p;
  }

  /**
   * The scan's second pass: each line, with what its marks found in it; a run of lines that may be skipped, or a line
   * to read. {@code with} is null only when the first pass looked for no literal, and so made no mark that needs it.
   */
  private void lines(Chunk c, @Nullable Literals with, int base, int ne, int nm) {
    byte[] b = c.buf;
    int len = c.len;
    int[] ends = c.ends;
    int[] marks = c.marks;
    byte[] kinds = c.kinds;
    int start = base;
    int mi = 0;
    int run = -1;
    int cut = 0;
    int bad = c.firstNotText;
    c.firstNotText = -1;
    for (int n = 0; n < ne; n++) {
      int e = ends[n];
      if (e < start) {
        continue; // the \n of a \r\n: the line ended at the \r
      }
      long found = 0;
      boolean journalWords = false;
      for (; mi < nm && marks[mi] < e; mi++) {
        int p = marks[mi];
        switch (kinds[mi]) {
          case WINDOW:
            found |= with.atWindow(b, start, len, p);
            break;
          case PAIR:
            found |= with.atShortPair(b, start, len, p);
            break;
          default:
            journalWords = true;
            break;
        }
      }
      int next = b[e] == '\r' && e + 1 < len && b[e + 1] == '\n' ? e + 2 : e + 1;
      int pos = start;
      start = next;
      if (bad >= 0 && bad < next) {
        c.firstNotText = c.lineCount;
        bad = -1;
      }
      c.lineCount++;
      boolean isCut = cut < c.cutStarts.length && c.cutStarts[cut] == pos;
      if (isCut) {
        cut++;
      }
      int lineEnd = e;
      if (!isCut && e - pos > limit) {
        isCut = true;
        lineEnd = pos + limit;
      }
      int msg = -1;
      if (mayskip && !isCut) {
        msg = Framer.quietShape(b, pos, lineEnd, null, journalWords || (found & Routing.FRAMING) != 0);
        if (msg >= 0 && routing.wantedKernelLog(b, lineEnd, msg, found) != 0) {
          msg = -1;
        }
      }
      if (msg >= 0) {
        if (run < 0) {
          run = c.add(RUN);
          c.start[run] = c.lines;
          c.count[run] = 0;
        }
        c.count[run]++;
        c.runLine(pos, lineEnd);
      } else {
        run = -1;
        int k = c.add(isCut ? CUT : LINE);
        c.start[k] = pos;
        c.end[k] = lineEnd;
        c.found[k] = found;
      }
    }
  }

  // ------------------------------------------------------------------------------------------ consuming

  /** Reads a scanned chunk's items into the source, in order; the chunk goes back to the pool unless a run is held. */
  private void consume(Chunk c) {
    consuming = c;
    // the source keeps the totals and the first line, across chunks and reads
    long line = c.notText > 0 ? linesBefore + Math.max(0, c.firstNotText) + 1 : 0;
    source.bytesRead(c.terminated ? c.len - 1 : c.len, c.notText, line);
    linesBefore += c.lineCount;
    for (int k = 0; k < c.items; k++) {
      if (c.kind[k] == RUN) {
        finishHeld(false);
        heldChunk = c;
        heldItem = k;
        continue;
      }
      byte[] b = c.buf;
      finishHeld(c.start[k] < c.end[k] && b[c.start[k]] == ' ');
      frame(b, c.start[k], c.end[k], c.found[k], mayskip && c.kind[k] == LINE);
      if (c.kind[k] == CUT) {
        source.cut(source.lines(), limit);
      }
    }
    consuming = null;
    if (c != heldChunk) {
      release(c);
    }
  }

  /** Reads the held run: skipped where the state allows, its last line read when {@code readLast}. */
  private void finishHeld(boolean readLast) {
    Chunk c = heldChunk;
    if (c == null) {
      return;
    }
    int k = heldItem;
    heldChunk = null;
    heldItem = -1;
    int first = c.start[k];
    int last = first + c.count[k] - 1;
    int upTo = readLast ? last : last + 1; // the lines [line, upTo) may be skipped
    byte[] b = c.buf;
    Framer framer = source.framer();
    int line = first;
    while (line < upTo) {
      if (!framer.quiet()) {
        // read each line: the framing state says they may not read as plain dmesg lines here
        frame(b, c.lineStart[line], c.lineEnd[line], -1, false);
        line++;
        continue;
      }
      if (budget < 0) {
        budget = source.patience() - pending;
      }
      long skip = Math.min(upTo - line, budget);
      if (skip > 0) {
        // the framer keeps the last uptime for boots; a line read next, not skipped, makes it moot
        int to = line + (int) skip;
        long up = to == last + 1 ? uptime(b, c.lineStart[last], c.lineEnd[last]) : 0;
        framer.skipQuiet(skip, up);
        source.passed(up);
        pending += skip;
        budget -= skip;
        line = to;
        if (line == upTo) {
          break;
        }
      }
      // a parser must see the next line
      frame(b, c.lineStart[line], c.lineEnd[line], -1, false);
      line++;
    }
    if (readLast) {
      frame(b, c.lineStart[last], c.lineEnd[last], -1, false);
    }
    if (c != consuming) {
      release(c);
    }
  }

  /** The uptime of a line the scan found quiet, in microseconds. */
  private long uptime(byte[] b, int start, int end) {
    Framer.quietShape(b, start, end, shape, false);
    return shape[0];
  }

  /** Reads one line; {@code known} when {@code found} holds the owners of its literals already. */
  private void frame(byte[] b, int start, int end, long found, boolean known) {
    flush();
    String line = new String(b, start, end - start, StandardCharsets.UTF_8);
    if (known) {
      source.accept(line, found);
    } else {
      source.accept(line);
    }
    budget = -1;
  }

  /** Tells the parsers of the lines skipped since they last saw one. */
  private void flush() {
    if (pending > 0) {
      source.skipped(pending);
      pending = 0;
    }
  }
}
