package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.cli.TestSupport.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page of {@code --html}, as the jar writes it, rendered by headless Chromium (Debian's {@code chromium}): the
 * script runs without error, every death is there with its dot on the timeline, and each OOM kill's chart shows its
 * candidates with the victim marked. Two real logs: a global OOM on openEuler 5.10 whose task table holds eight
 * processes with oom_score_adj from -1000 to 0, and this VM's three memory cgroup OOM kills. Skips itself where
 * there is no Chromium.
 */
final class HtmlReportIT {

  @TempDir Path dir;

  private Path chromium;

  @BeforeEach
  void browser() {
    for (String name : List.of("chromium", "chromium-browser")) {
      Path p = MachineSources.onPath(name);
      if (p != null) {
        chromium = p;
        return;
      }
    }
    Assumptions.abort("no chromium here (apt-get install chromium)");
  }

  /** The browser's output and error output. */
  private record Rendered(String out, String err) {}

  /** Runs headless Chromium as root can, with a new empty profile and nothing fetched. */
  private Rendered chromium(String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "profile");
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr",
        "--v=0"));
    command.addAll(List.of(args));
    Path out = dir.resolve("chromium.out");
    Path err = dir.resolve("chromium.err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 120 s");
    }
    return new Rendered(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void page_inChromium_deathsTimelineChartsAndNoScriptError() throws Exception {
    Path global = Path.of("..", "..", "whokilled-parsers", "src", "test", "resources", "corpus", "oom",
        "modern_openeuler_5.10_global_dmesg_reaper.log").toAbsolutePath().normalize();
    Path page = dir.resolve("deaths.html");
    Run r = TestSupport.jar(dir, "--html", page.toString(), global.toString(), TestSupport.corpus().toString());
    assertEquals(0, r.status(), r.err());

    Rendered dom = chromium("--dump-dom", page.toUri().toString());

    String html = dom.out();
    assertTrue(html.contains("<span id=\"shown\">5 of 5 shown</span>"), "the script ran: " + html);
    List<String> console = dom.err().lines().filter(l -> l.contains(":CONSOLE")).toList();
    assertEquals(List.of(), console, "no script error, no console message");
    assertEquals(5, TestSupport.count(html, "<article class=\"death\""), html);
    assertEquals(5, TestSupport.count(html, "<circle class=\"dot "), "a dot on the timeline for each");
    for (String pid : List.of("5532", "1742", "2760", "2862")) {
      assertEquals(1, TestSupport.count(html, "<circle class=\"victim\"[^>]*data-pid=\"" + pid + "\""),
          "victim " + pid);
    }
    assertTrue(html.contains(">victim: a.out (5532)</text>"), html);
    assertEquals(7, TestSupport.count(html,
        "<circle class=\"candidate\"[^>]*data-pid=\"(784|818|1128|1137|1531|1534|5410)\""),
        "the global kill's seven other candidates");
    assertTrue(html.contains("systemd-udevd (pid 818, uid 0): "), "each dot named in its tooltip");

    Path png = dir.resolve("deaths.png");
    Rendered shot = chromium("--window-size=1100,2400", "--screenshot=" + png, page.toUri().toString());
    byte[] image = Files.readAllBytes(png);
    assertTrue(image.length > 20_000, "a page's worth of pixels: " + image.length + " bytes; " + shot.err());
    assertEquals("\u0089PNG", new String(image, 0, 4, StandardCharsets.ISO_8859_1));
  }
}
