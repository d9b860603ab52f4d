package dev.whokilled.cli;

import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.Verdict;
import dev.whokilled.cli.Analysis.SourceRead;
import dev.whokilled.event.Candidate;
import dev.whokilled.event.CgroupMemory;
import dev.whokilled.event.Constraint;
import dev.whokilled.event.KillEvent;
import dev.whokilled.event.OomKill;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.framing.LogRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes an analysis as one self-contained HTML page: a timeline of the deaths of each boot, then each death with
 * its verdict, evidence and advice, and, for each kernel OOM kill whose report printed its task table, a chart of
 * the candidates' memory against their {@code oom_score_adj}: the kernel kills the highest badness (memory plus
 * {@code oom_score_adj} thousandths of the total), so the victim stands out at the right, or above.
 *
 * <p>Everything is inline (CSS, SVG, a few lines of script that filter by cause): the page opens from a file, with
 * no network. Everything that comes from a log is escaped for HTML, control characters shown as {@code \xNN} first;
 * the page reads the same without its script.
 */
final class HtmlRenderer {

  /** A page: 4 KiB of memory, the kernel's page on x86, which task tables count in. */
  static final long PAGE = 4096;

  private static final double MIB = 1024.0 * 1024.0;
  private static final int TIMELINE_WIDTH = 960;
  private static final int LABEL_ROWS = 4;
  private static final int CHART_WIDTH = 640;
  private static final int CHART_HEIGHT = 320;

  private final ZoneId zone;
  private final String version;

  /**
   * A renderer.
   *
   * @param zone the zone of the times shown
   * @param version the version that made the page, named at its foot
   */
  HtmlRenderer(ZoneId zone, String version) {
    this.zone = zone;
    this.version = version;
  }

  /**
   * Writes the page.
   *
   * @param analysis what to write
   * @param out where; flushed, not closed
   */
  void write(Analysis analysis, PrintWriter out) {
    List<Death> deaths = analysis.report().deaths();
    List<List<Death>> boots = TextRenderer.boots(deaths);
    out.println("<!DOCTYPE html>");
    out.println("<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.println("<title>whokilled: " + count(deaths.size(), "death") + "</title>");
    out.println("<style>" + CSS + "</style></head><body>");
    out.println("<header><h1>Who killed my processes</h1>");
    out.println("<p class=\"meta\">" + esc(count(deaths.size(), "death")) + " in "
        + esc(count(analysis.linesRead(), "line")) + " from " + esc(sources(analysis)) + ".</p>");
    causes(out, deaths);
    out.println("</header>");
    if (!deaths.isEmpty()) {
      out.println("<section id=\"timeline\"><h2>Timeline</h2>");
      for (int b = 0; b < boots.size(); b++) {
        if (boots.size() > 1) {
          out.println("<h3>" + esc(bootHeading(boots.get(b), b, boots.size())) + "</h3>");
        }
        timeline(out, boots.get(b), number(deaths, boots.get(b).get(0)));
      }
      out.println("</section>");
    }
    out.println("<section id=\"deaths\">");
    int n = 0;
    for (int b = 0; b < boots.size(); b++) {
      out.println("<h2>" + esc(bootHeading(boots.get(b), b, boots.size())) + "</h2>");
      for (Death d : boots.get(b)) {
        death(out, ++n, d);
      }
    }
    out.println("</section>");
    List<String> warnings = analysis.warnings(TextRenderer.MAX_PROBLEMS);
    if (!warnings.isEmpty()) {
      out.println("<section id=\"warnings\"><h2>Warnings</h2><ul>");
      for (String w : warnings) {
        out.println("<li>" + esc(w) + "</li>");
      }
      out.println("</ul></section>");
    }
    out.println("<footer>Made by whokilled " + esc(version) + ".</footer>");
    out.println("<script>" + SCRIPT.replace("TOTAL", Integer.toString(deaths.size())) + "</script>");
    out.println("</body></html>");
    out.flush();
  }

  private static int number(List<Death> all, Death d) {
    return all.indexOf(d) + 1;
  }

  private static String sources(Analysis analysis) {
    List<String> names = new ArrayList<>();
    for (SourceRead s : analysis.sources()) {
      names.add(s.origin());
    }
    return names.isEmpty() ? "no source" : String.join(", ", names);
  }

  /** The count of deaths by cause, as buttons that show or hide them. */
  private static void causes(PrintWriter out, List<Death> deaths) {
    Map<Cause, Integer> counts = new EnumMap<>(Cause.class);
    for (Death d : deaths) {
      counts.merge(d.cause(), 1, Integer::sum);
    }
    if (counts.isEmpty()) {
      return;
    }
    out.print("<p class=\"causes\">");
    for (Map.Entry<Cause, Integer> e : counts.entrySet()) {
      String c = e.getKey().jsonName();
      out.print("<button type=\"button\" class=\"chip " + family(e.getKey()) + "\" data-cause=\"" + c
          + "\" aria-pressed=\"true\" title=\"show or hide these deaths\">" + c + " <b>" + e.getValue() + "</b>"
          + "</button> ");
    }
    out.println("<span id=\"shown\">" + count(deaths.size(), "death") + "</span></p>");
  }

  private String bootHeading(List<Death> deaths, int index, int count) {
    return TextRenderer.bootHeading(deaths, index, count, zone);
  }

  // ------------------------------------------------------------------ timeline

  /**
   * One boot's deaths on a time axis: wall-clock time when every death has one, else time since boot. Each death
   * is a dot in its cause's colour, linked to its section, its number above (staggered so that close ones do not
   * overlap).
   */
  private void timeline(PrintWriter out, List<Death> deaths, int first) {
    boolean wall = deaths.stream().allMatch(d -> d.time().wall() != null);
    boolean uptime = !wall && deaths.stream().allMatch(d -> d.time().uptime() != null);
    List<Double> at = new ArrayList<>();
    for (Death d : deaths) {
      at.add(wall ? d.time().wall().toEpochMilli() / 1000.0
          : uptime ? d.time().uptime().toMillis() / 1000.0 : at.size());
    }
    double lo = at.stream().mapToDouble(x -> x).min().orElse(0);
    double hi = at.stream().mapToDouble(x -> x).max().orElse(0);
    if (hi - lo < 1) {
      lo -= 0.5;
      hi += 0.5;
    }
    double pad = (hi - lo) * 0.04;
    lo -= pad;
    hi += pad;
    int left = 20;
    int right = TIMELINE_WIDTH - 20;
    int axis = 80;
    out.println("<svg class=\"timeline\" viewBox=\"0 0 " + TIMELINE_WIDTH + " 115\" role=\"img\" aria-label=\""
        + esc(count(deaths.size(), "death") + " over time") + "\">");
    out.println("<line class=\"axis\" x1=\"" + left + "\" y1=\"" + axis + "\" x2=\"" + right + "\" y2=\"" + axis
        + "\"/>");
    for (int t = 0; t <= 4; t++) {
      double v = lo + (hi - lo) * t / 4;
      double x = left + (right - left) * t / 4.0;
      String label = wall ? format(Instant.ofEpochMilli(Math.round(v * 1000)),
          hi - lo > 86_400 ? "yyyy-MM-dd HH:mm" : "HH:mm:ss")
          : uptime ? String.format(Locale.ROOT, "%.1f s after boot", v) : "";
      out.println("<line class=\"tick\" x1=\"" + fmt(x) + "\" y1=\"" + axis + "\" x2=\"" + fmt(x) + "\" y2=\""
          + (axis + 5) + "\"/><text class=\"ticklabel\" x=\"" + fmt(x) + "\" y=\"" + (axis + 20) + "\" text-anchor=\""
          + (t == 0 ? "start" : t == 4 ? "end" : "middle") + "\">" + esc(label) + "</text>");
    }
    // each number in the lowest row where it overlaps none; where all rows are full, in the tooltip only
    double[] rowEnds = new double[LABEL_ROWS];
    java.util.Arrays.fill(rowEnds, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < deaths.size(); i++) {
      Death d = deaths.get(i);
      double x = left + (right - left) * (at.get(i) - lo) / (hi - lo);
      int n = first + i;
      String c = d.cause().jsonName();
      double half = (Integer.toString(n).length() * 7 + 4) / 2.0;
      String number = "";
      for (int row = 0; row < LABEL_ROWS; row++) {
        if (x - half > rowEnds[row]) {
          rowEnds[row] = x + half;
          number = "<text class=\"num\" x=\"" + fmt(x) + "\" y=\"" + (axis - 14 - 15 * row)
              + "\" text-anchor=\"middle\">" + n + "</text>";
          break;
        }
      }
      out.println("<a href=\"#death-" + n + "\" data-cause-of=\"" + c + "\"><circle class=\"dot " + family(d.cause())
          + "\" cx=\"" + fmt(x) + "\" cy=\"" + axis + "\" r=\"7\"><title>" + esc(n + ". "
          + TextRenderer.clean(TextRenderer.process(d.victim())) + " " + TextRenderer.words(d.cause()) + ", "
          + TextRenderer.time(d.time(), zone)) + "</title></circle>" + number + "</a>");
    }
    out.println("</svg>");
  }

  // ------------------------------------------------------------------ a death

  private void death(PrintWriter out, int n, Death d) {
    Verdict v = d.verdict();
    ProcessRef victim = d.victim();
    String c = d.cause().jsonName();
    out.println("<article class=\"death\" id=\"death-" + n + "\" data-cause-of=\"" + c + "\">");
    out.println("<h3><span class=\"n\">" + n + ".</span> " + esc(TextRenderer.process(victim)) + " <span class=\""
        + family(d.cause()) + "\">" + esc(TextRenderer.words(d.cause())) + "</span> <span class=\"conf "
        + confidence(v.confidence()) + "\">" + c + ", " + esc(TextRenderer.percent(v.confidence())) + " sure</span>"
        + "</h3>");
    out.println("<dl>");
    field(out, "time", TextRenderer.time(d.time(), zone));
    field(out, "killer", TextRenderer.killer(v));
    if (v.signal() != null) {
      field(out, "signal", v.signal().name());
    }
    if (victim.container() != null) {
      field(out, "container", TextRenderer.container(victim.container()));
    }
    if (victim.unit() != null) {
      field(out, "unit", victim.unit());
    }
    if (victim.cgroup() != null) {
      field(out, "cgroup", victim.cgroup());
    }
    out.println("</dl>");
    out.println("<p class=\"summary\">" + esc(v.summary()) + "</p>");
    OomKill kill = candidates(d);
    if (kill != null) {
      chart(out, kill, victim);
    }
    out.println("<details" + (v.evidence().size() <= TextRenderer.EVIDENCE_SHOWN ? " open" : "") + "><summary>"
        + "Evidence: " + count(v.evidence().size(), "line") + "</summary><pre class=\"evidence\">");
    for (LogRecord r : v.evidence()) {
      out.println("<span class=\"loc\">" + esc(r.location()) + "</span>  " + esc(r.text()));
    }
    out.println("</pre></details>");
    StringWriter timeline = new StringWriter();
    new TimelineRenderer(zone).rows(d, new PrintWriter(timeline));
    List<String> rows = timeline.toString().lines().toList();
    out.println("<details><summary>What each witness said, in time order: " + count(rows.size(), "line")
        + "</summary><pre class=\"evidence timeline\">");
    for (String row : rows) {
      out.println(esc(row.strip()));
    }
    out.println("</pre></details>");
    if (!d.alternatives().isEmpty()) {
      out.println("<p class=\"label\">Or else</p><ul class=\"alternatives\">");
      for (Verdict alt : d.alternatives()) {
        out.println("<li><b>" + alt.cause().jsonName() + " " + esc(TextRenderer.percent(alt.confidence()))
            + "</b>: " + esc(alt.why()) + "</li>");
      }
      out.println("</ul>");
    }
    if (!v.advice().isEmpty()) {
      out.println("<p class=\"label\">Advice</p><ul class=\"advice\">");
      for (String a : v.advice()) {
        out.println("<li>" + esc(a) + "</li>");
      }
      out.println("</ul>");
    }
    out.println("</article>");
  }

  private static void field(PrintWriter out, String label, String value) {
    out.println("<dt>" + label + "</dt><dd>" + esc(value) + "</dd>");
  }

  /** The death's kernel OOM kill that printed its task table, or {@code null}. */
  private static @Nullable OomKill candidates(Death d) {
    for (KillEvent e : d.events()) {
      if (e instanceof OomKill k && !k.candidates().isEmpty()) {
        return k;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ the OOM chart

  /** A candidate's place on the chart. */
  private record Point(Candidate c, double bytes, int adj, boolean victim) {}

  /**
   * The memory the kernel counts of a candidate: resident pages, swap entries and page tables, in bytes, or -1
   * when its row printed no resident memory.
   *
   * @param c the candidate
   * @return bytes
   */
  static double counted(Candidate c) {
    if (c.rssPages() == null) {
      return -1;
    }
    double pages = c.rssPages() + (c.swapEntries() == null ? 0 : c.swapEntries());
    double tables = c.pageTablesBytes() != null ? c.pageTablesBytes()
        : c.pageTablePages() != null ? c.pageTablePages() * (double) PAGE : 0;
    return pages * PAGE + tables;
  }

  /**
   * The candidates of a kill on a log scale of memory (x) against {@code oom_score_adj} (y): the victim a large
   * red dot, labelled; the largest others labelled by name; each dot's tooltip names it. For a memory cgroup's kill
   * whose limit was printed, a dashed line shows where the badness equals the victim's: the kernel's total there
   * is the limit, so every point of the line would have scored the same, and every candidate lies below it.
   */
  private void chart(PrintWriter out, OomKill kill, ProcessRef victim) {
    List<Point> points = new ArrayList<>();
    int missing = 0;
    boolean legacy = kill.candidates().get(0).legacyOomAdj();
    for (Candidate c : kill.candidates()) {
      double bytes = counted(c);
      if (bytes < 0 || c.oomScoreAdj() == null) {
        missing++;
        continue;
      }
      boolean isVictim = victim.pid() != null
          && (c.pid() == victim.pid() || c.tgid() != null && c.tgid().equals(victim.pid()));
      points.add(new Point(c, bytes, c.oomScoreAdj(), isVictim));
    }
    if (points.isEmpty()) {
      return;
    }
    int yMax = legacy ? 15 : 1000;
    int yMin = legacy ? -17 : -1000;
    double minMib = points.stream().mapToDouble(p -> Math.max(p.bytes(), PAGE) / MIB).min().orElse(1);
    double maxMib = points.stream().mapToDouble(p -> Math.max(p.bytes(), PAGE) / MIB).max().orElse(1);
    int dLo = (int) Math.floor(Math.log10(minMib));
    int dHi = Math.max(dLo + 2, (int) Math.ceil(Math.log10(maxMib) + 1e-9));
    int left = 70;
    int right = CHART_WIDTH - 30;
    int top = 20;
    int bottom = CHART_HEIGHT - 55;
    LogScale x = new LogScale(dLo, dHi, left, right);
    Scale y = a -> bottom - (bottom - top) * (a - yMin) / (double) (yMax - yMin);
    String adjName = legacy ? "oom_adj" : "oom_score_adj";
    out.println("<figure class=\"oomchart\"><svg viewBox=\"0 0 " + CHART_WIDTH + " " + CHART_HEIGHT
        + "\" role=\"img\" aria-label=\"" + esc("the OOM killer's candidates: memory against " + adjName) + "\">");
    out.println("<rect class=\"plot\" x=\"" + left + "\" y=\"" + top + "\" width=\"" + (right - left) + "\" height=\""
        + (bottom - top) + "\"/>");
    for (int dec = dLo; dec <= dHi; dec++) {
      double gx = left + (right - left) * (dec - dLo) / (double) (dHi - dLo);
      out.println("<line class=\"grid\" x1=\"" + fmt(gx) + "\" y1=\"" + top + "\" x2=\"" + fmt(gx) + "\" y2=\""
          + bottom + "\"/><text class=\"ticklabel\" x=\"" + fmt(gx) + "\" y=\"" + (bottom + 16)
          + "\" text-anchor=\"middle\">" + decade(dec) + "</text>");
    }
    int[] adjTicks = legacy ? new int[] {-17, -8, 0, 8, 15} : new int[] {-1000, -500, 0, 500, 1000};
    for (int a : adjTicks) {
      double gy = y.at(a);
      out.println("<line class=\"grid" + (a == 0 ? " zero" : "") + "\" x1=\"" + left + "\" y1=\"" + fmt(gy)
          + "\" x2=\"" + right + "\" y2=\"" + fmt(gy) + "\"/><text class=\"ticklabel\" x=\"" + (left - 6) + "\" y=\""
          + fmt(gy + 4) + "\" text-anchor=\"end\">" + a + "</text>");
    }
    out.println("<text class=\"axislabel\" x=\"" + ((left + right) / 2) + "\" y=\"" + (CHART_HEIGHT - 12)
        + "\" text-anchor=\"middle\">memory the kernel counts: resident + swap + page tables (MiB, log scale)</text>");
    out.println("<text class=\"axislabel\" transform=\"translate(16 " + ((top + bottom) / 2) + ") rotate(-90)\" "
        + "text-anchor=\"middle\">" + adjName + "</text>");
    String line = equalBadness(out, kill, points, x, y, yMin, yMax, legacy);
    points.sort(Comparator.comparing(Point::victim)); // the victim drawn last, on top
    for (Point p : points) {
      Candidate c = p.c();
      String tip = TextRenderer.clean(c.name()) + " (pid " + c.pid() + (c.uid() == null ? "" : ", uid " + c.uid())
          + "): " + mebibytes(p.bytes() / MIB) + ", " + adjName + " " + p.adj() + (p.victim() ? ", the victim" : "");
      out.println("<circle class=\"" + (p.victim() ? "victim" : "candidate") + "\" cx=\"" + fmt(x.at(p.bytes()))
          + "\" cy=\"" + fmt(y.at(p.adj())) + "\" r=\"" + (p.victim() ? 8 : 5) + "\" data-pid=\"" + c.pid()
          + "\"><title>" + esc(tip) + "</title></circle>");
    }
    labels(out, points, x, y, left, right, top, bottom);
    out.println("</svg><figcaption>" + esc(caption(points.size(), missing, line, adjName)) + "</figcaption>"
        + "</figure>");
  }

  /**
   * Names the victim, then the largest other candidates, each beside its dot where its text overlaps no other
   * label and no dot and stays inside the plot; a candidate with no such place is named in its tooltip only.
   */
  private static void labels(PrintWriter out, List<Point> points, LogScale x, Scale y, int left, int right, int top,
      int bottom) {
    List<Point> order = new ArrayList<>(points);
    order.sort(Comparator.comparing((Point p) -> !p.victim()).thenComparing(Comparator.comparingDouble(
        Point::bytes).reversed()));
    List<double[]> taken = new ArrayList<>();
    for (Point p : points) {
      double px = x.at(p.bytes());
      double py = y.at(p.adj());
      taken.add(new double[] {px - 6, py - 6, px + 6, py + 6});
    }
    int named = 0;
    for (Point p : order) {
      if (named == 5) {
        break;
      }
      String text = (p.victim() ? "victim: " : "") + TextRenderer.clean(p.c().name()) + " (" + p.c().pid() + ")";
      double w = text.length() * 6.6 + 4;
      double px = x.at(p.bytes());
      double py = y.at(p.adj());
      // right above, right below, left above, left below
      double[][] places = {{px + 10, py - 18}, {px + 10, py + 4}, {px - 10 - w, py - 18}, {px - 10 - w, py + 4}};
      for (double[] at : places) {
        double[] box = {at[0], at[1], at[0] + w, at[1] + 14};
        if (box[0] < left || box[2] > right || box[1] < top || box[3] > bottom || taken.stream().anyMatch(
            t -> box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3])) {
          continue;
        }
        taken.add(box);
        named++;
        out.println("<text class=\"" + (p.victim() ? "victimlabel" : "pointlabel") + "\" x=\"" + fmt(at[0])
            + "\" y=\"" + fmt(at[1] + 11) + "\">" + esc(text) + "</text>");
        break;
      }
    }
  }

  /** Maps a value to a coordinate. */
  private interface Scale {
    double at(double v);
  }

  /** Bytes on a log scale of whole decades of MiB, from {@code lo} to {@code hi}, between two coordinates. */
  private record LogScale(int lo, int hi, double left, double right) implements Scale {
    @Override
    public double at(double bytes) {
      return left + (right - left) * (Math.log10(Math.max(bytes, PAGE) / MIB) - lo) / (hi - lo);
    }

    /** The bytes at a coordinate. */
    double bytesAt(double x) {
      return Math.pow(10, lo + (hi - lo) * (x - left) / (right - left)) * MIB;
    }
  }

  /**
   * Draws the line of the victim's badness when the kernel's total is known (a memory cgroup's limit), and says
   * what it is; or says why there is none.
   */
  private static String equalBadness(PrintWriter out, OomKill kill, List<Point> points, LogScale x, Scale y,
      int yMin, int yMax, boolean legacy) {
    CgroupMemory cg = kill.cgroupMemory();
    Point victim = points.stream().filter(Point::victim).findFirst().orElse(null);
    if (legacy || victim == null || kill.constraint() != Constraint.MEMCG || cg == null || cg.limit() == null) {
      return kill.constraint() == Constraint.NONE
          ? "System-wide, the total is the machine's memory and swap, which this report does not print."
          : "";
    }
    double total = cg.limit() / (double) PAGE;
    double badness = victim.bytes() / PAGE + victim.adj() * total / 1000;
    StringBuilder d = new StringBuilder();
    int steps = 60;
    for (int i = 0; i <= steps; i++) {
      double px = x.left() + (x.right() - x.left()) * i / steps;
      double adj = (badness - x.bytesAt(px) / PAGE) * 1000 / total;
      if (adj < yMin || adj > yMax) {
        continue;
      }
      d.append(d.length() == 0 ? "M" : " L").append(fmt(px)).append(' ').append(fmt(y.at(adj)));
    }
    if (d.length() > 0) {
      out.println("<path class=\"equal\" d=\"" + d + "\"><title>the victim's badness</title></path>");
    }
    return "Dashed: the victim's badness, the memory cgroup's limit of " + mebibytes(cg.limit() / MIB)
        + " being the total; no candidate lies above it.";
  }

  private static String caption(int shown, int missing, String line, String adjName) {
    StringBuilder s = new StringBuilder(shown == 1 ? "The task table's one candidate: its memory against its "
        : "The task table's " + shown + " candidates: each one's memory against its ").append(adjName);
    if (missing > 0) {
      s.append(" (").append(count(missing, "more row")).append(" without them)");
    }
    s.append(". The kernel kills the highest badness: memory plus ").append(adjName)
        .append(" thousandths of the total it may use.");
    if (!line.isEmpty()) {
      s.append(' ').append(line);
    }
    return s.toString();
  }

  // ------------------------------------------------------------------ helpers

  private String format(Instant t, String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(t.atZone(zone));
  }

  /** A decade of MiB as the axis writes it: {@code 0.01}, {@code 1}, {@code 10,000}. */
  static String decade(int power) {
    return power < 0 ? "0." + "0".repeat(-power - 1) + "1" : String.format(Locale.ROOT, "%,d", (long) Math.pow(10,
        power));
  }

  private static String mebibytes(double mib) {
    if (mib >= 1024) {
      return trim(mib / 1024) + " GiB";
    }
    return mib < 1 ? trim(mib * 1024) + " KiB" : trim(mib) + " MiB";
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** The colour class of a cause: memory, crash, signal or supervisor, as in the terminal. */
  private static String family(Cause cause) {
    return Style.family(cause).name().toLowerCase(Locale.ROOT);
  }

  /** The class of a confidence: high, medium or low, as the terminal colours it. */
  private static String confidence(double c) {
    return Style.trust(c).name().toLowerCase(Locale.ROOT);
  }

  /**
   * Text for HTML, in element content and in quoted attributes: control characters shown as {@code \xNN}, then
   * {@code & < > " '} as entities.
   *
   * @param s the text
   * @return the escaped text
   */
  static String esc(String s) {
    String clean = TextRenderer.clean(s);
    StringBuilder b = new StringBuilder(clean.length() + 16);
    for (int i = 0; i < clean.length(); i++) {
      char c = clean.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static final String CSS = String.join("\n",
      ":root{--memory:#c62828;--crash:#8e24aa;--signal:#b26a00;--supervisor:#1565c0;--ink:#1d1d1f;--dim:#6b6b70;"
          + "--rule:#d9d9de;--bg:#fbfbfd}",
      "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--ink);background:var(--bg);"
          + "margin:0 auto;max-width:1040px;padding:24px}",
      "h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid var(--rule);"
          + "padding-bottom:4px}h3{font-size:16px;margin:0 0 8px}",
      ".meta,figcaption,.ticklabel,footer{color:var(--dim)}",
      ".chip{border:1px solid currentColor;border-radius:14px;background:#fff;padding:2px 10px;margin:0 4px 4px 0;"
          + "font:inherit;cursor:pointer}.chip[aria-pressed=false]{opacity:.4;text-decoration:line-through}",
      ".memory{color:var(--memory)}.crash{color:var(--crash)}.signal{color:var(--signal)}"
          + ".supervisor{color:var(--supervisor)}",
      "#shown{color:var(--dim);margin-left:8px}",
      "svg{width:100%;height:auto;font-size:12px}.axis{stroke:var(--ink);stroke-width:1.5}.tick{stroke:var(--ink)}",
      ".dot{fill:currentColor;stroke:#fff;stroke-width:2}.num{fill:var(--ink);font-size:11px}",
      "a:hover .dot{stroke:var(--ink)}",
      "article.death{background:#fff;border:1px solid var(--rule);border-radius:8px;padding:14px 18px;margin:12px 0}",
      "article.death:target{outline:3px solid #90caf9}",
      ".n{color:var(--dim)}.conf{font-size:13px;font-weight:normal;border-radius:10px;padding:1px 8px;"
          + "white-space:nowrap;"
          + "margin-left:6px}.conf.high{background:#e8f5e9;color:#1b5e20}.conf.medium{background:#fff8e1;"
          + "color:#8d6e00}.conf.low{background:#ffebee;color:#b71c1c}",
      "dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0}dt{color:var(--dim)}"
          + "dd{margin:0;overflow-wrap:anywhere}",
      ".summary{margin:8px 0}.label{color:var(--dim);margin:8px 0 2px}ul{margin:2px 0 6px;padding-left:22px}",
      "pre.evidence{background:#f4f4f6;padding:8px;overflow-x:auto;font-size:12.5px;margin:4px 0}"
          + ".loc{color:#00838f}",
      "figure.oomchart{margin:10px 0;max-width:" + CHART_WIDTH + "px}.plot{fill:#fcfcfe;stroke:var(--rule)}"
          + ".grid{stroke:#ececf0}.grid.zero{stroke:#c8c8d0}",
      ".candidate{fill:#90a4ae;fill-opacity:.8;stroke:#455a64}.victim{fill:var(--memory);stroke:#7f0000;"
          + "stroke-width:2}.victimlabel{fill:var(--memory);font-weight:600}.pointlabel{fill:var(--dim)}",
      ".equal{fill:none;stroke:var(--memory);stroke-dasharray:6 4;stroke-opacity:.7}",
      ".axislabel{fill:var(--ink);font-size:12px}",
      ".hidden{display:none}footer{margin-top:30px;font-size:13px}");

  /** Shows or hides the deaths of a cause when its button is pressed; says how many are shown. */
  private static final String SCRIPT = String.join("\n",
      "(function () {",
      "  var buttons = Array.prototype.slice.call(document.querySelectorAll('button[data-cause]'));",
      "  function apply() {",
      "    var off = {};",
      "    buttons.forEach(function (b) { if (b.getAttribute('aria-pressed') === 'false') off[b.dataset.cause] = 1; "
          + "});",
      "    var shown = 0;",
      "    document.querySelectorAll('[data-cause-of]').forEach(function (e) {",
      "      var hide = off[e.getAttribute('data-cause-of')] === 1;",
      "      e.classList.toggle('hidden', hide);",
      "      if (!hide && e.tagName === 'ARTICLE') shown++;",
      "    });",
      "    var s = document.getElementById('shown');",
      "    if (s) s.textContent = shown + ' of TOTAL shown';",
      "  }",
      "  buttons.forEach(function (b) {",
      "    b.addEventListener('click', function () {",
      "      b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'false' ? 'true' : 'false');",
      "      apply();",
      "    });",
      "  });",
      "  apply();",
      "})();");
}
