package dev.whokilled.cli;

import static dev.whokilled.cli.JsonRenderer.longOrNull;
import static dev.whokilled.cli.JsonRenderer.stringOrNull;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.whokilled.facts.CgroupFacts;
import dev.whokilled.facts.CoreDumpOutlook;
import dev.whokilled.facts.CoreDumpSettings;
import dev.whokilled.facts.ProcessFacts;
import dev.whokilled.facts.ResourceLimit;
import dev.whokilled.facts.Rlimit;
import dev.whokilled.facts.SignalSet;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes the facts of a process ({@code whokilled facts --json}) and the OOM killer's order ({@code whokilled top
 * --json}) as the {@code whokilled/v1} documents of DESIGN.md: every key always present, {@code null} when not read;
 * memory in bytes; a limit of {@code null} is unlimited.
 */
final class FactsJson {

  private FactsJson() {}

  /**
   * The {@code facts} document, without a final line break.
   *
   * @param out where; flushed, not closed
   * @param pretty whether to indent
   * @param p the process
   * @param cgroup its memory cgroup, or {@code null} when not read
   * @param coreDumps the host's core dump settings
   * @throws IOException if writing fails
   */
  static void facts(Writer out, boolean pretty, ProcessFacts p, @Nullable CgroupFacts cgroup,
      CoreDumpSettings coreDumps) throws IOException {
    try (JsonGenerator g = JsonRenderer.generator(out, pretty)) {
      g.writeStartObject();
      g.writeStringField("schema", JsonRenderer.SCHEMA);
      g.writeObjectFieldStart("process");
      longOrNull(g, "pid", p.pid());
      stringOrNull(g, "name", p.comm());
      stringOrNull(g, "state", p.state());
      intOrNull(g, "oom_score", p.oomScore());
      intOrNull(g, "oom_score_adj", p.oomScoreAdj());
      longOrNull(g, "rss", p.memory().vmRss());
      ResourceLimit core = p.findLimit(Rlimit.CORE).orElse(null);
      if (core == null) {
        g.writeNullField("core_limit");
      } else {
        g.writeObjectFieldStart("core_limit");
        longOrNull(g, "soft", core.soft());
        longOrNull(g, "hard", core.hard());
        g.writeEndObject();
      }
      g.writeObjectFieldStart("signals");
      signals(g, "caught", p.caught());
      signals(g, "ignored", p.ignored());
      signals(g, "blocked", p.blocked());
      g.writeEndObject();
      String path = p.memoryCgroup().orElse(null);
      if (path == null) {
        g.writeNullField("cgroup");
      } else {
        g.writeObjectFieldStart("cgroup");
        g.writeStringField("path", path);
        longOrNull(g, "memory_limit", cgroup == null ? null : cgroup.memoryLimit());
        longOrNull(g, "memory_usage", cgroup == null ? null : cgroup.memoryUsage());
        longOrNull(g, "oom_kills", cgroup == null ? null : cgroup.oomKills());
        g.writeEndObject();
      }
      CoreDumpOutlook outlook = CoreDumpOutlook.of(coreDumps, core);
      g.writeObjectFieldStart("core_dump");
      stringOrNull(g, "pattern", coreDumps.pattern());
      if (outlook.wouldWrite() == null) {
        g.writeNullField("would_write");
      } else {
        g.writeBooleanField("would_write", outlook.wouldWrite());
      }
      g.writeStringField("why", outlook.why());
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    }
  }

  /**
   * The {@code top} document, without a final line break.
   *
   * @param out where; flushed, not closed
   * @param pretty whether to indent
   * @param processes the processes, in the OOM killer's order
   * @throws IOException if writing fails
   */
  static void top(Writer out, boolean pretty, List<ProcessFacts> processes) throws IOException {
    try (JsonGenerator g = JsonRenderer.generator(out, pretty)) {
      g.writeStartObject();
      g.writeStringField("schema", JsonRenderer.SCHEMA);
      g.writeArrayFieldStart("processes");
      for (ProcessFacts p : processes) {
        g.writeStartObject();
        longOrNull(g, "pid", p.pid());
        stringOrNull(g, "name", p.comm());
        intOrNull(g, "oom_score", p.oomScore());
        intOrNull(g, "oom_score_adj", p.oomScoreAdj());
        longOrNull(g, "rss", p.memory().vmRss());
        stringOrNull(g, "cgroup", p.memoryCgroup().orElse(null));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void intOrNull(JsonGenerator g, String field, @Nullable Integer value) throws IOException {
    longOrNull(g, field, value == null ? null : value.longValue());
  }

  /** A set of signals as names ({@code ["SIGHUP", "SIGTERM"]}), or {@code null} when its mask was not read. */
  private static void signals(JsonGenerator g, String field, @Nullable SignalSet set) throws IOException {
    if (set == null) {
      g.writeNullField(field);
      return;
    }
    g.writeArrayFieldStart(field);
    for (String name : set.names()) {
      g.writeString(name);
    }
    g.writeEndArray();
  }
}
