package dev.whokilled.cli;

import dev.whokilled.Death;
import dev.whokilled.Verdict;
import dev.whokilled.event.EventTime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How {@code whokilled watch} tells of deaths: two lines for people, or one JSON object a line. Warnings go to
 * standard error either way, so that standard output holds only deaths.
 */
abstract class WatchOutput implements Watch.Output {

  private final PrintWriter out;
  private final PrintWriter err;

  WatchOutput(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public boolean closed() {
    return out.checkError();
  }

  @Override
  public void warning(String warning) {
    err.println("whokilled: warning: " + TextRenderer.clean(warning));
    err.flush();
  }

  /**
   * The output for people.
   *
   * @param out standard output
   * @param err standard error
   * @param zone the zone of the times shown
   * @param style the colours
   * @return the output
   */
  static WatchOutput text(PrintWriter out, PrintWriter err, ZoneId zone, Style style) {
    return new Text(out, err, zone, style);
  }

  /**
   * The output for programs: each death as the object of the {@code whokilled/v1} document's {@code deaths}, one a
   * line, flushed at once.
   *
   * @param out standard output
   * @param err standard error
   * @return the output
   */
  static WatchOutput json(PrintWriter out, PrintWriter err) {
    return new WatchOutput(out, err) {
      @Override
      public void death(Death death, boolean update) {
        try {
          JsonRenderer.death(death, out);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
      }
    };
  }

  /**
   * {@code 2026-12-06 01:40:03  wk-crash-it (pid 21675) crashed: … [crash-segfault, 95% sure]}, then the summary
   * indented; an update says so.
   */
  private static final class Text extends WatchOutput {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String INDENT = " ".repeat(21);

    private final PrintWriter out;
    private final ZoneId zone;
    private final Style style;

    Text(PrintWriter out, PrintWriter err, ZoneId zone, Style style) {
      super(out, err);
      this.out = out;
      this.zone = zone;
      this.style = style;
    }

    @Override
    public void death(Death d, boolean update) {
      Verdict v = d.verdict();
      out.println(style.dim(time(d.time())) + "  " + (update ? style.dim("update: ") : "")
          + TextRenderer.headline(d, style));
      out.println(INDENT + TextRenderer.clean(v.summary()));
      out.flush();
    }

    /** The wall-clock time to the second, else the time since boot: 19 columns either way. */
    private String time(EventTime t) {
      Instant wall = t.wall();
      if (wall != null) {
        return TIME.format(wall.atZone(zone));
      }
      Duration up = t.uptime();
      String s = up == null ? "time unknown" : "+" + JsonRenderer.seconds(up).setScale(3, java.math.RoundingMode.DOWN)
          + " s";
      return String.format(Locale.ROOT, "%19s", s);
    }
  }
}
