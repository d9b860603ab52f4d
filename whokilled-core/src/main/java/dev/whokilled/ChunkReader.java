package dev.whokilled;

import dev.whokilled.framing.Framer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads one source's bytes in chunks that end at line breaks, scans the chunks on every core for what each line
 * needs, and reads the lines into the source in order: a plain kernel log line that no parser wants is neither
 * decoded nor framed, only counted.
 *
 * <p>The scan is stateless (the line's shape, {@link Framer#quietShape}, and which parsers' literals and prefixes it
 * holds), so chunks are scanned in parallel; everything that has state (the framer, the parsers' patience, boots,
 * blocks) is decided after, in file order, on the reading thread. Runs of skippable lines reach the framer and the
 * parsers as counts ({@link Framer#skipQuiet}, {@link dev.whokilled.spi.KillParser#skipped}); a run is read line by
 * line where the state says it must be (an open journal record, a parser that must see its next record, a line
 * after it that starts with a space and could continue its last line's record).
 *
 * <p>Lines end at {@code \n}, {@code \r\n} or a lone {@code \r}, as {@link java.io.BufferedReader#readLine()} ends
 * them, and are decoded as UTF-8 with malformed bytes replaced, so a line reads the same here as through a reader.
 * A line longer than the limit is cut there: its first bytes are read as the line, the rest is skipped (never
 * held), and the report has a problem saying so.
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
  private Literals literals;

  /** Skipped lines the parsers have not been told of yet. */
  private long pending;
  /** How many more lines the parsers can be spared, or -1 when to be asked. */
  private long budget = -1;
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
    this.literals = routing.literals();
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
    /** Start offsets of lines the reader cut at the limit (the rest of them is not in the chunk). */
    int[] cutStarts = new int[0];

    // items, in parallel arrays
    int items;
    int[] kind = new int[256];
    int[] start = new int[256];
    int[] end = new int[256];
    long[] found = new long[256];
    /** For a run: its line count, the last line's uptime, whether a line could read as a journal's. */
    int[] count = new int[256];
    long[] uptime = new long[256];
    boolean[] journal = new boolean[256];
    /** For a run: where its last line starts and ends, and the owners of the literals in it. */
    int[] lastStart = new int[256];
    int[] lastEnd = new int[256];

    Chunk(int size) {
      buf = new byte[size];
    }

    int add(int k) {
      if (items == kind.length) {
        int n = items * 2;
        kind = java.util.Arrays.copyOf(kind, n);
        start = java.util.Arrays.copyOf(start, n);
        end = java.util.Arrays.copyOf(end, n);
        found = java.util.Arrays.copyOf(found, n);
        count = java.util.Arrays.copyOf(count, n);
        uptime = java.util.Arrays.copyOf(uptime, n);
        journal = java.util.Arrays.copyOf(journal, n);
        lastStart = java.util.Arrays.copyOf(lastStart, n);
        lastEnd = java.util.Arrays.copyOf(lastEnd, n);
      }
      kind[items] = k;
      return items++;
    }
  }

  void read(InputStream in) throws IOException {
    ExecutorService pool = null;
    ArrayDeque<Future<Chunk>> inFlight = new ArrayDeque<>();
    ArrayDeque<Chunk> free = new ArrayDeque<>();
    Filler filler = new Filler(in);
    try {
      while (true) {
        Chunk c = free.isEmpty() ? new Chunk(chunk + 1) : free.poll();
        if (!filler.fill(c)) {
          break;
        }
        if (pool == null && !c.eof && threads > 1) {
          pool = Executors.newFixedThreadPool(threads, DAEMONS);
        }
        if (literals == routing.literals() && mayskip) {
          literals = routing.literals(c.buf, c.len);
        }
        Literals with = literals;
        if (pool == null) {
          scan(c, with);
          consume(c);
          release(c, free);
          continue;
        }
        inFlight.add(pool.submit(() -> scan(c, with)));
        while (inFlight.size() >= threads * 2 || (!inFlight.isEmpty() && inFlight.peek().isDone())) {
          Chunk done = await(inFlight.poll());
          consume(done);
          release(done, free);
        }
      }
      while (!inFlight.isEmpty()) {
        Chunk done = await(inFlight.poll());
        consume(done);
        release(done, free);
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

  /** A chunk goes back to the pool once no held run points into it. */
  private void release(Chunk c, ArrayDeque<Chunk> free) {
    if (c != heldChunk && free.size() < threads * 2 + 2) {
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
      c.cutStarts = new int[0];
      c.eof = false;
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
          int[] cuts = java.util.Arrays.copyOf(c.cutStarts, c.cutStarts.length + 1);
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
  private static final long LFS = 0x0a0a0a0a0a0a0a0aL;
  private static final long CRS = 0x0d0d0d0d0d0d0d0dL;

  /**
   * Splits a chunk into lines and marks what each needs; touches nothing but the chunk. One pass: eight bytes at a
   * time, a block with no line end and no literal's anchor pair costs two loads and a few operations.
   */
  private Chunk scan(Chunk c, Literals with) {
    byte[] b = c.buf;
    int len = c.len; // every line in the chunk ends with a terminator (the filler makes it so)
    int base = c.afterCr && len > 0 && b[0] == '\n' ? 1 : 0;
    long[] table = with.table();
    boolean literals = mayskip;
    LineScan line = new LineScan(c, with);
    line.begin(base);
    int i = base;
    // blocks of eight bytes, i - base a multiple of 8: the pairs starting at i, i + 2, i + 4, i + 6 (every literal
    // has an anchor at an even distance from base), and whether a byte is a line end
    while (i + 9 <= len) {
      long w = (long) LONGS.get(b, i);
      long lf = w ^ LFS;
      long cr = w ^ CRS;
      // a high bit for each byte that may be a line end (a byte after one may show too: each is checked)
      long ends = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
      int hits = 0;
      if (literals) {
        int h0 = (int) w & 0xffff;
        int h1 = (int) (w >>> 16) & 0xffff;
        int h2 = (int) (w >>> 32) & 0xffff;
        int h3 = (int) (w >>> 48);
        hits = (int) (table[h0 >>> 6] >>> h0) & 1 | ((int) (table[h1 >>> 6] >>> h1) & 1) << 2
            | ((int) (table[h2 >>> 6] >>> h2) & 1) << 4 | ((int) (table[h3 >>> 6] >>> h3) & 1) << 6;
      }
      if ((ends | hits) != 0) {
        // the positions to look at, in order: bit k for byte i + k
        int at = hits;
        while (ends != 0) {
          at |= 1 << (Long.numberOfTrailingZeros(ends) >>> 3);
          ends &= ends - 1;
        }
        while (at != 0) {
          int k = Integer.numberOfTrailingZeros(at);
          at &= at - 1;
          step(b, i + k, base, len, line, literals);
        }
      }
      i += 8;
    }
    for (int p = i; p < len; p++) {
      step(b, p, base, len, line, literals);
    }
    return c;
  }

  /** One byte of the slow path: a line end, and the literals anchored at an even distance from base. */
  private static void step(byte[] b, int p, int base, int len, LineScan line, boolean literals) {
    byte x = b[p];
    if ((x == '\n' || x == '\r') && !(x == '\n' && p == line.start - 1 && p > base && b[p - 1] == '\r')) {
      line.end(p);
    }
    if (literals && ((p - base) & 1) == 0 && p + 1 < len) {
      line.found |= line.with.at(b, line.start, len, p);
    }
  }

  /** The line being scanned, and the run it may join. */
  private final class LineScan {
    final Chunk c;
    final Literals with;
    final long[] shape = new long[2];
    int start;
    long found;
    int run = -1;
    int cut;

    LineScan(Chunk c, Literals with) {
      this.c = c;
      this.with = with;
    }

    void begin(int at) {
      start = at;
      found = 0;
    }

    /** The line ends at the terminator at {@code e}: marks it, and returns where the next starts. */
    int end(int e) {
      byte[] b = c.buf;
      int next = b[e] == '\r' && e + 1 < c.len && b[e + 1] == '\n' ? e + 2 : e + 1;
      int pos = start;
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
      long f = found;
      if (mayskip && !isCut) {
        msg = Framer.quietShape(b, pos, lineEnd, shape);
        if (msg >= 0 && routing.wantedKernelLog(b, lineEnd, msg, f) != 0) {
          msg = -1;
        }
      } else if (mayskip && lineEnd < e) {
        f = with.find(b, pos, lineEnd); // a literal past the cut is not in the line read
      }
      if (msg >= 0) {
        if (run < 0) {
          run = c.add(RUN);
          c.start[run] = pos;
          c.count[run] = 0;
          c.journal[run] = false;
        }
        c.count[run]++;
        c.uptime[run] = shape[0];
        c.journal[run] |= shape[1] != 0;
        c.lastStart[run] = pos;
        c.lastEnd[run] = lineEnd;
        c.found[run] = f;
      } else {
        run = -1;
        int k = c.add(isCut ? CUT : LINE);
        c.start[k] = pos;
        c.end[k] = lineEnd;
        c.found[k] = f;
      }
      begin(next);
      return next;
    }
  }

  // ------------------------------------------------------------------------------------------ consuming

  /** Reads a scanned chunk's items into the source, in order. */
  private void consume(Chunk c) {
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
    int n = c.count[k] - (readLast ? 1 : 0);
    byte[] b = c.buf;
    int pos = c.start[k];
    Framer framer = source.framer();
    while (n > 0) {
      if (!framer.quiet(c.journal[k])) {
        // read each line: the framing state says they may not read as plain dmesg lines here
        int next = nextLine(b, pos);
        frame(b, pos, lineEnd(b, pos), -1, false);
        pos = next;
        n--;
        continue;
      }
      if (budget < 0) {
        budget = source.patience() - pending;
      }
      long skip = Math.min(n, budget);
      if (skip > 0) {
        framer.skipQuiet(skip, c.uptime[k]);
        pending += skip;
        budget -= skip;
        n -= (int) skip;
        if (n == 0) {
          break;
        }
        for (long i = 0; i < skip; i++) {
          pos = nextLine(b, pos);
        }
      }
      // a parser must see the next line
      int next = nextLine(b, pos);
      frame(b, pos, lineEnd(b, pos), -1, false);
      pos = next;
      n--;
    }
    if (readLast) {
      frame(b, c.lastStart[k], c.lastEnd[k], c.found[k], true);
    }
  }

  /** Where the line at {@code pos} ends (its terminator's index). */
  private static int lineEnd(byte[] b, int pos) {
    int e = pos;
    while (b[e] != '\n' && b[e] != '\r') {
      e++;
    }
    return e;
  }

  /** Where the line after the one at {@code pos} starts (within a run, every line has a terminator). */
  private static int nextLine(byte[] b, int pos) {
    int e = lineEnd(b, pos);
    return b[e] == '\r' && b[e + 1] == '\n' ? e + 2 : e + 1;
  }

  /** Reads one line; {@code known} when {@code found} holds the owners of its literals already. */
  private void frame(byte[] b, int start, int end, long found, boolean known) {
    flush();
    String line = new String(b, start, end - start, StandardCharsets.UTF_8);
    if (known) {
      source.accept(line, found, literals);
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
