package dev.whokilled.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.whokilled.Death;
import dev.whokilled.Verdict;
import dev.whokilled.event.ContainerRef;
import dev.whokilled.event.EventTime;
import dev.whokilled.event.ProcessRef;
import dev.whokilled.framing.LogRecord;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Writes an analysis as the {@code whokilled/v1} JSON document of DESIGN.md: every key always present,
 * {@code null} when unknown, deaths in the report's (time) order.
 */
final class JsonRenderer {

  /** The value of the {@code schema} key. */
  static final String SCHEMA = "whokilled/v1";

  /** How many parse problems are listed one by one among the warnings. */
  static final int MAX_PROBLEMS = 20;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private JsonRenderer() {}

  /**
   * Writes the document, without a final line break.
   *
   * @param analysis what to write
   * @param out where; flushed, not closed
   * @param pretty whether to indent
   * @throws IOException if writing fails
   */
  static void write(Analysis analysis, Writer out, boolean pretty) throws IOException {
    write(analysis, null, out, pretty);
  }

  /**
   * Writes the document, without a final line break: the deaths handed out while the input was read first, as they
   * were written then, then the report's.
   *
   * @param analysis what to write
   * @param settled the deaths handed out before the report, or null; only with {@code pretty} false
   * @param out where; flushed, not closed
   * @param pretty whether to indent
   * @throws IOException if writing fails
   */
  static void write(Analysis analysis, @Nullable SettledDeaths settled, Writer out, boolean pretty)
      throws IOException {
    try (JsonGenerator g = generator(out, pretty)) {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeArrayFieldStart("deaths");
      boolean rawBefore = settled != null && settled.count() > 0;
      if (rawBefore) {
        settled.copy((chars, n) -> g.writeRaw(chars, 0, n));
      }
      for (Death d : analysis.report().deaths()) {
        if (rawBefore) {
          g.writeRaw(','); // the generator does not count the elements written raw
          rawBefore = false;
        }
        death(g, d);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("warnings");
      for (String w : analysis.warnings(MAX_PROBLEMS)) {
        g.writeString(w);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /**
   * A generator of one of the command's JSON documents.
   *
   * @param out where it writes; not closed with the generator
   * @param pretty whether to indent
   * @return the generator
   * @throws IOException if it cannot be made
   */
  static JsonGenerator generator(Writer out, boolean pretty) throws IOException {
    JsonGenerator g = FACTORY.createGenerator(out);
    if (pretty) {
      g.useDefaultPrettyPrinter();
    }
    return g;
  }

  /**
   * Writes one death, as in the document's {@code deaths} array, on one line without a line break: the objects
   * {@code whokilled watch --json} prints.
   *
   * @param d the death
   * @param out where; flushed, not closed
   * @throws IOException if writing fails
   */
  static void death(Death d, Writer out) throws IOException {
    try (JsonGenerator g = generator(out, false)) {
      death(g, d);
    }
  }


  private static void death(JsonGenerator g, Death d) throws IOException {
    Verdict v = d.verdict();
    g.writeStartObject();
    g.writeFieldName("victim");
    victim(g, d.victim());
    EventTime t = d.time();
    Instant wall = t.wall();
    stringOrNull(g, "time", wall == null ? null : wall.toString());
    Duration uptime = t.uptime();
    if (uptime == null) {
      g.writeNullField("uptime");
    } else {
      g.writeNumberField("uptime", seconds(uptime));
    }
    g.writeStringField("cause", v.cause().jsonName());
    g.writeNumberField("confidence", confidence(v.confidence()));
    g.writeFieldName("killer");
    killer(g, v.killer());
    stringOrNull(g, "signal", v.signal() == null ? null : v.signal().name());
    g.writeStringField("summary", v.summary());
    g.writeArrayFieldStart("evidence");
    for (LogRecord r : v.evidence()) {
      g.writeStartObject();
      g.writeStringField("source", r.location());
      g.writeStringField("text", r.text());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("alternatives");
    for (Verdict alt : d.alternatives()) {
      g.writeStartObject();
      g.writeStringField("cause", alt.cause().jsonName());
      g.writeNumberField("confidence", confidence(alt.confidence()));
      g.writeStringField("why", alt.why());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("advice");
    for (String a : v.advice()) {
      g.writeString(a);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void victim(JsonGenerator g, ProcessRef p) throws IOException {
    g.writeStartObject();
    longOrNull(g, "pid", p.pid());
    stringOrNull(g, "name", p.comm());
    longOrNull(g, "uid", p.uid() == null ? null : p.uid().longValue());
    stringOrNull(g, "cgroup", p.cgroup());
    stringOrNull(g, "unit", p.unit());
    ContainerRef c = p.container();
    if (c == null) {
      g.writeNullField("container");
    } else {
      g.writeObjectFieldStart("container");
      stringOrNull(g, "runtime", c.runtime() == null ? null : c.runtime().jsonName());
      stringOrNull(g, "id", c.id());
      stringOrNull(g, "name", c.name());
      stringOrNull(g, "pod", c.pod());
      stringOrNull(g, "pod_uid", c.podUid());
      stringOrNull(g, "namespace", c.namespace());
      stringOrNull(g, "qos_class", c.qosClass());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void killer(JsonGenerator g, @Nullable ProcessRef p) throws IOException {
    if (p == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    longOrNull(g, "pid", p.pid());
    stringOrNull(g, "name", p.comm());
    longOrNull(g, "uid", p.uid() == null ? null : p.uid().longValue());
    g.writeEndObject();
  }

  /**
   * Seconds with microsecond precision (cut, not rounded), as the kernel prints time since boot.
   *
   * @param d the duration
   * @return such as {@code 66.634803}
   */
  static BigDecimal seconds(Duration d) {
    long micros = d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
    return BigDecimal.valueOf(micros, 6);
  }

  /**
   * A confidence with at most three decimals and no trailing zeros.
   *
   * @param c from 0 to 1
   * @return such as {@code 0.97}, {@code 0.995}, {@code 1}
   */
  static BigDecimal confidence(double c) {
    BigDecimal d = BigDecimal.valueOf(c).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.signum() == 0 ? BigDecimal.ZERO : d;
  }

  static void stringOrNull(JsonGenerator g, String field, @Nullable String value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  static void longOrNull(JsonGenerator g, String field, @Nullable Long value) throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, value);
    }
  }
}
