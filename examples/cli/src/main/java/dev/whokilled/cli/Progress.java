package dev.whokilled.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A progress bar on standard error while the inputs are read, when standard error is a terminal: which input,
 * how far into it (when its size is known), how many bytes. Drawn on one line that is rewritten in place and
 * cleared at the end, only when reading has taken {@link #DELAY} already, so that small inputs show nothing.
 *
 * <p>The reading thread only counts bytes; a daemon thread draws a few times a second.
 */
final class Progress implements AutoCloseable {

  /** How long reading goes on before the bar shows: shorter runs end without one. */
  static final Duration DELAY = Duration.ofMillis(400);

  /** How often the bar is redrawn. */
  static final Duration PERIOD = Duration.ofMillis(100);

  private static final int BAR = 24;

  private final @Nullable PrintWriter err;
  private final int columns;
  private volatile @Nullable String name;
  private volatile long size;
  private volatile long read;
  private volatile boolean closed;
  private boolean drawn;
  private final @Nullable Thread painter;

  private Progress(@Nullable PrintWriter err, int columns) {
    this.err = err;
    this.columns = columns;
    if (err == null) {
      painter = null;
      return;
    }
    painter = new Thread(this::paint, "whokilled-progress");
    painter.setDaemon(true);
    painter.start();
  }

  /**
   * No progress shown: standard error is not a terminal.
   *
   * @return a progress that only passes the streams through
   */
  static Progress none() {
    return new Progress(null, 0);
  }

  /**
   * Progress drawn on a terminal.
   *
   * @param err standard error, a terminal
   * @param columns its width
   * @return the progress, drawing from {@link #DELAY} on until closed
   */
  static Progress on(PrintWriter err, int columns) {
    return new Progress(err, columns);
  }

  /**
   * The progress for a run: drawn when standard error is a terminal.
   *
   * @param terminal where the command writes
   * @param err standard error
   * @return the progress
   */
  static Progress of(Terminal terminal, PrintWriter err) {
    return terminal.stderr() ? on(err, terminal.columns()) : none();
  }

  /**
   * Counts what is read of an input from now on, as the one input being read.
   *
   * @param input its name, for people
   * @param in the stream
   * @param size its size in bytes, or -1 when not known (a pipe)
   * @return the stream to read instead
   */
  InputStream track(String input, InputStream in, long size) {
    this.name = input;
    this.size = size;
    this.read = 0;
    if (painter == null) {
      return in;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          read++;
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          read += n;
        }
        return n;
      }
    };
  }

  /** Stops drawing and clears the line drawn. */
  @Override
  public void close() {
    closed = true;
    if (painter == null) {
      return;
    }
    painter.interrupt();
    try {
      painter.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void paint() {
    PrintWriter out = err;
    if (out == null) {
      return;
    }
    try {
      Thread.sleep(DELAY.toMillis());
      while (!closed) {
        String n = name;
        if (n != null) {
          out.print("\r" + line(n, read, size, columns) + "\u001b[K");
          out.flush();
          drawn = true;
        }
        Thread.sleep(PERIOD.toMillis());
      }
    } catch (InterruptedException e) {
      // closed
    }
    if (drawn) {
      out.print("\r\u001b[K");
      out.flush();
    }
  }

  /**
   * The bar's line: {@code whokilled: reading kern.log [████░░░░] 45% 120.3 of 270.0 MiB}, or without the bar
   * and share when the size is not known; never wider than the terminal.
   *
   * @param input the input's name
   * @param read the bytes read of it
   * @param size its size, or -1
   * @param columns the terminal's width
   * @return the line, without line break
   */
  static String line(String input, long read, long size, int columns) {
    String amount;
    String bar = "";
    if (size > 0) {
      double share = Math.min(1, (double) read / size);
      int full = (int) Math.round(share * BAR);
      bar = " [" + "\u2588".repeat(full) + "\u2591".repeat(BAR - full) + "] "
          + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(share * 100));
      amount = mib(read) + " of " + mib(size) + " MiB";
    } else {
      amount = mib(read) + " MiB";
    }
    String tail = bar + " " + amount;
    String head = "whokilled: reading ";
    int room = columns - 1 - head.length() - tail.length();
    String shown = TextRenderer.clean(input);
    if (room < 8) {
      String all = head + shown + tail;
      return all.substring(0, Math.max(0, Math.min(columns - 1, all.length())));
    }
    if (shown.length() > room) {
      shown = "..." + shown.substring(shown.length() - (room - 3));
    }
    return head + shown + tail;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }
}
