package dev.whokilled.cli;

import dev.whokilled.framing.Format;
import dev.whokilled.framing.Framing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The journal as journald writes it: {@code journalctl -f -o json} as a child process, from now on.
 *
 * <p>Where journald does not run (no {@code /run/systemd/journal/socket}: a container, a machine without systemd),
 * the feed waits quietly and looks again from time to time; once it runs, the journal is followed from the moment
 * the watch started. When {@code journalctl} ends (journald restarted and its files went away, the process was
 * killed), it is started again after the last entry read ({@code --after-cursor}), so that nothing is read twice or
 * lost, waiting longer after each failure in a row.
 */
final class JournalFeed implements Watch.Feed {

  /** The name evidence cites the journal's entries by. */
  static final String SOURCE = "journal";

  /** How often a journal that is not there is looked for. */
  static final Duration LOOK_AGAIN = Duration.ofSeconds(5);

  /** The longest wait before starting {@code journalctl} again after failures in a row. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** A run of {@code journalctl} that lasted this long was no failure: the next wait starts short again. */
  static final Duration HEALTHY = Duration.ofMinutes(1);

  private static final String CURSOR = "\"__CURSOR\":\"";

  private final List<String> command;
  private final BooleanSupplier present;
  private final Duration firstBackoff;
  private final Framing framing = Framing.of(Format.JOURNAL_JSON);
  private final Instant started = Instant.now();
  private volatile boolean stopped;
  private volatile @Nullable Process process;
  private volatile @Nullable Thread thread;

  /**
   * A feed of the journal.
   *
   * @param command {@code journalctl -f -o json --no-pager} and its matches; the feed adds where to start
   * @param present whether journald runs now
   * @param firstBackoff the wait before the first restart after a failure; doubled after each failure in a row
   */
  JournalFeed(List<String> command, BooleanSupplier present, Duration firstBackoff) {
    this.command = List.copyOf(command);
    this.present = present;
    this.firstBackoff = firstBackoff;
  }

  /**
   * Whether journald runs now.
   *
   * @return what the presence check says
   */
  boolean present() {
    return present.getAsBoolean();
  }

  @Override
  public void start(Watch.Inbox inbox) {
    boolean atStart = present.getAsBoolean();
    Thread t = new Thread(() -> follow(inbox, atStart), "whokilled-journal");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public void stop() {
    stopped = true;
    Process p = process;
    if (p != null) {
      p.destroy(); // our own child, by its handle
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void follow(Watch.Inbox inbox, boolean presentAtStart) {
    String cursor = null;
    boolean fromNow = presentAtStart;
    Duration backoff = firstBackoff;
    try {
      while (!stopped) {
        if (!present.getAsBoolean()) {
          Thread.sleep(LOOK_AGAIN.toMillis());
          continue;
        }
        List<String> run = new ArrayList<>(command);
        if (cursor != null) {
          run.add("--after-cursor=" + cursor);
        } else if (fromNow) {
          run.add("--lines=0");
        } else {
          run.add("--since=@" + started.getEpochSecond()); // journald came after the watch did
        }
        long began = System.nanoTime();
        Ran ran = run(run, inbox, cursor);
        cursor = ran.cursor;
        if (stopped) {
          break;
        }
        if (System.nanoTime() - began > HEALTHY.toNanos()) {
          backoff = firstBackoff;
        }
        inbox.warn(String.join(" ", command.subList(0, 2)) + " ended (" + ran.why + "); following the journal again in "
            + backoff.toSeconds() + " s" + (cursor == null ? "" : ", from its last entry read"));
        Thread.sleep(backoff.toMillis());
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }

  /** How a run of {@code journalctl} ended: the last cursor read, and why it ended. */
  private record Ran(@Nullable String cursor, String why) {}

  private Ran run(List<String> run, Watch.Inbox inbox, @Nullable String cursor) throws InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(run).redirectError(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      return new Ran(cursor, "cannot run " + run.get(0) + ": " + Inputs.reason(e));
    }
    process = p;
    if (stopped) {
      p.destroy();
    }
    String last = cursor;
    StringBuilder error = new StringBuilder();
    Thread drain = drain(p.getErrorStream(), error);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
      p.getOutputStream().close();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String c = cursor(line);
        if (c != null) {
          last = c;
        }
        inbox.line(SOURCE, framing, line);
      }
    } catch (IOException e) {
      // the process ended or was stopped; its status says which
    }
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor();
    }
    drain.join(1000);
    String firstError;
    synchronized (error) {
      firstError = error.toString().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }
    return new Ran(last, "exit status " + p.exitValue() + (firstError.isEmpty() ? "" : ": " + firstError));
  }

  private static Thread drain(InputStream err, StringBuilder into) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[4096];
      try (err) {
        for (int n = err.read(buf); n >= 0; n = err.read(buf)) {
          synchronized (into) {
            if (into.length() < 4096) {
              into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
          }
        }
      } catch (IOException e) {
        // the process is gone
      }
    }, "whokilled-journal-stderr");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The {@code __CURSOR} of an entry of {@code journalctl -o json}, or {@code null}.
   *
   * @param line one entry
   * @return its cursor
   */
  static @Nullable String cursor(String line) {
    int at = line.indexOf(CURSOR);
    if (at < 0) {
      return null;
    }
    int from = at + CURSOR.length();
    int to = line.indexOf('"', from);
    // a cursor is KEY=hex;... with neither quotes nor backslashes: one that seems to have them is not used
    return to <= from || line.lastIndexOf('\\', to) >= from ? null : line.substring(from, to);
  }
}
