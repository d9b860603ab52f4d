package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.Cause;
import dev.whokilled.Death;
import dev.whokilled.ParseProblem;
import dev.whokilled.Report;
import dev.whokilled.Verdict;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Signal;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON renderer on reports no analysis would make: every string hostile (quotes, backslashes, control
 * characters, NUL, unpaired surrogates, every plane), every number at its extremes, every optional part absent or
 * present. The document, written as the command writes it (UTF-8 through a writer), must parse back with a strict
 * reader, hold the keys of DESIGN.md's {@code whokilled/v1}, and give back every string it was given. Jazzer
 * replays {@code JsonRendererFuzzTestInputs} in every build and fuzzes in CI ({@code JAZZER_FUZZ=1}).
 */
final class JsonRendererFuzzTest {

  /**
   * A generated report, rendered plain and indented, read back.
   *
   * @param data the fuzzer's input
   * @throws IOException never: the output is in memory
   */
  @FuzzTest(maxDuration = "30s")
  void anyReport_validJsonThatReadsBack(FuzzedDataProvider data) throws IOException {
    List<Death> deaths = new ArrayList<>();
    for (int n = data.consumeInt(0, 3); n > 0; n--) {
      deaths.add(death(data));
    }
    List<String> warnings = new ArrayList<>();
    for (int n = data.consumeInt(0, 2); n > 0; n--) {
      warnings.add(text(data));
    }
    List<ParseProblem> problems = new ArrayList<>();
    for (int n = data.consumeInt(0, JsonRenderer.MAX_PROBLEMS + 2); n > 0; n--) {
      problems.add(new ParseProblem(text(data), data.consumeLong(), text(data)));
    }
    Report report = new Report(deaths, warnings, problems, data.consumeLong(0, Long.MAX_VALUE / 2),
        data.consumeLong(0, Long.MAX_VALUE));
    Analysis analysis = new Analysis(report, List.of(), List.of(text(data)));

    for (boolean pretty : new boolean[] {false, true}) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
      JsonRenderer.write(analysis, out, pretty);
      out.flush();
      Map<String, Object> doc = object(TestSupport.parse(bytes.toByteArray()));
      assertEquals(List.of("schema", "deaths", "warnings"), List.copyOf(doc.keySet()));
      List<Object> written = array(doc.get("deaths"));
      assertEquals(deaths.size(), written.size());
      for (int i = 0; i < deaths.size(); i++) {
        same(deaths.get(i), object(written.get(i)));
      }
      List<Object> w = array(doc.get("warnings"));
      List<String> expected = analysis.warnings(JsonRenderer.MAX_PROBLEMS);
      assertEquals(expected.size(), w.size());
      for (int i = 0; i < w.size(); i++) {
        assertEquals(encoded(expected.get(i)), w.get(i));
      }
    }
  }

  private static void same(Death d, Map<String, Object> json) {
    assertEquals(List.of("victim", "time", "uptime", "cause", "confidence", "killer", "signal", "summary",
        "evidence", "alternatives", "advice"), List.copyOf(json.keySet()));
    Map<String, Object> victim = object(json.get("victim"));
    assertEquals(orNull(d.victim().comm()), victim.get("name"));
    assertEquals(orNull(d.victim().cgroup()), victim.get("cgroup"));
    assertEquals(orNull(d.victim().unit()), victim.get("unit"));
    assertEquals(d.verdict().cause().jsonName(), json.get("cause"));
    assertEquals(encoded(d.verdict().summary()), json.get("summary"));
    List<Object> evidence = array(json.get("evidence"));
    assertEquals(d.verdict().evidence().size(), evidence.size());
    for (int i = 0; i < evidence.size(); i++) {
      LogRecord r = d.verdict().evidence().get(i);
      assertEquals(Map.of("source", encoded(r.location()), "text", encoded(r.text())), object(evidence.get(i)));
    }
    List<Object> advice = array(json.get("advice"));
    for (int i = 0; i < advice.size(); i++) {
      assertEquals(encoded(d.verdict().advice().get(i)), advice.get(i));
    }
  }

  private static Object orNull(@Nullable String s) {
    return s == null ? TestSupport.NULL : encoded(s);
  }

  /**
   * A string as UTF-8 gives it back: an unpaired surrogate is no character and cannot be encoded, so the encoder
   * writes {@code ?} for it, as for any unmappable character.
   */
  static String encoded(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static final String[] PIECES = {
    "\"", "\\", "\u0000", "\u001f", "\n", "\r", "\t", "\b", "\u007f", "\u2028", "\u2029", "\ud800", "\udfff",
    "\ud83d\ude00", "\ufeff", "\ufffd", "</script>", "{\"a\":1}", "]", "null", "\u00e9", "\u6d4b",
  };

  static String text(FuzzedDataProvider data) {
    StringBuilder b = new StringBuilder();
    for (int n = data.consumeInt(0, 4); n > 0; n--) {
      b.append(data.consumeBoolean() ? data.pickValue(PIECES) : data.consumeString(20));
    }
    return b.toString();
  }

  private static @Nullable String maybe(FuzzedDataProvider data) {
    return data.consumeBoolean() ? text(data) : null;
  }

  private static @Nullable Long maybeLong(FuzzedDataProvider data) {
    return data.consumeBoolean() ? data.consumeLong() : null;
  }

  private static ProcessRef process(FuzzedDataProvider data) {
    ContainerRef container = data.consumeBoolean() ? null : new ContainerRef(
        data.consumeBoolean() ? null : data.pickValue(ContainerRuntime.values()), maybe(data), maybe(data),
        maybe(data), maybe(data), maybe(data), maybe(data));
    return new ProcessRef(maybeLong(data), maybeLong(data), maybe(data),
        data.consumeBoolean() ? data.consumeInt() : null, maybe(data), container, maybe(data));
  }

  private static EventTime time(FuzzedDataProvider data) {
    Instant wall = data.consumeBoolean() ? null
        : Instant.ofEpochSecond(data.consumeLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
            data.consumeInt(0, 999_999_999));
    Duration uptime = data.consumeBoolean() ? null
        : Duration.ofSeconds(data.consumeLong(-(1L << 40), 1L << 40), data.consumeInt(0, 999_999_999));
    return new EventTime(wall, wall == null ? EventTime.Precision.NONE : EventTime.Precision.SECONDS,
        data.consumeBoolean(), data.consumeBoolean(), uptime, maybe(data));
  }

  private static Verdict verdict(FuzzedDataProvider data) {
    List<LogRecord> evidence = new ArrayList<>();
    for (int n = data.consumeInt(0, 3); n > 0; n--) {
      evidence.add(new LogRecord(text(data), data.consumeLong(), text(data), text(data),
          data.pickValue(Format.values()), data.pickValue(Origin.values()), time(data), maybe(data), maybe(data),
          maybeLong(data), data.consumeInt(), data.consumeInt(), data.consumeInt(), data.consumeLong()));
    }
    List<String> advice = new ArrayList<>();
    for (int n = data.consumeInt(0, 2); n > 0; n--) {
      advice.add(text(data));
    }
    return new Verdict(data.pickValue(Cause.values()), data.consumeProbabilityDouble(),
        data.consumeBoolean() ? process(data) : null, data.consumeBoolean() ? null : data.pickValue(Signal.values()),
        text(data), text(data), evidence, advice);
  }

  private static Death death(FuzzedDataProvider data) {
    List<Verdict> verdicts = new ArrayList<>();
    for (int n = data.consumeInt(1, 3); n > 0; n--) {
      verdicts.add(verdict(data));
    }
    return new Death(process(data), time(data), data.consumeInt(), TestSupport.oomDeath().events(), verdicts);
  }
}
