package dev.whokilled.parsers.kubernetes;

import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Json;
import dev.whokilled.parsers.text.JsonDocuments;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Kubernetes' output in a stream: documents ({@code kubectl get -o json} through {@link JsonDocuments},
 * {@code -o yaml} through {@link YamlDocuments}, both read by {@link Documents}), {@code kubectl describe}
 * ({@link Describe}), event tables ({@link EventTable}) and the kubelet's log lines ({@link KubeletLog}).
 *
 * <p>Documents come one line per record, and their indentation is their structure: for records without framing
 * ({@link Format#PLAIN}) the line as written is read, for framed ones (a kubelet line in the journal) the message.
 * A framed record in the middle of a document ends it: a YAML document or a describe output is read as far as it
 * went, a JSON document cut off is forgotten (with one warning, if it was Kubernetes'). An element larger than
 * the bound is dropped with one warning.
 */
final class KubernetesParser implements KillParser {

  /** The most characters one JSON element (a pod, an event) may hold. */
  static final int MAX_JSON_CHARS = 4 << 20;
  /** Records kept per JSON element as its evidence. */
  static final int MAX_RECORDS = 64;

  private final KubeEvents events = new KubeEvents();
  private final Documents documents = new Documents(events);
  private final JsonDocuments json = new JsonDocuments(MAX_JSON_CHARS);
  private final YamlDocuments yaml;
  private final Describe describe = new Describe(events);
  private final EventTable table = new EventTable(events);
  private List<LogRecord> jsonRecords = new ArrayList<>();
  private boolean kubeJson;
  private boolean warnedDropped;
  private boolean warnedCut;

  KubernetesParser(int maxBlockLines) {
    this.yaml = new YamlDocuments(Math.max(16, maxBlockLines), KubernetesParser::telling);
  }

  /** Whether a document's line may be an event's evidence. */
  static boolean telling(String line) {
    return line.contains("reason") || line.contains("exitCode") || line.contains("finishedAt")
        || line.contains("containerID") || line.contains("message") || line.contains("OOMKilled")
        || line.contains("Evicted") || line.contains("lastTimestamp") || line.contains("eventTime")
        || line.contains("note");
  }

  @Override
  public long patience() {
    // any framed record ends an open document or table
    return json.inDocument() || yaml.inDocument() || describe.active() || table.active() ? 0 : Long.MAX_VALUE;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    if (record.format() != Format.PLAIN) {
      interrupt(record, sink);
      KubeletLog.read(record, record.message(), events, sink);
      return;
    }
    String text = record.text();
    if (json.inDocument()) {
      offerJson(record, text, sink);
      return;
    }
    if (yaml.inDocument()) {
      boolean took = yaml.offer(record, text);
      drainYaml(record, sink);
      if (took) {
        return;
      }
    }
    if (describe.active() && describe.offer(record, text, sink)) {
      return;
    }
    if (table.active() && table.offer(record, text, Involved.NONE, sink)) {
      return;
    }
    if (offerJson(record, text, sink)) {
      return;
    }
    if (YamlDocuments.starts(text) && yaml.offer(record, text)) {
      return;
    }
    if ((Describe.starts(text) || Describe.startsFragment(text)) && describe.offer(record, text, sink)) {
      return;
    }
    if (EventTable.header(text)) {
      table.open(text);
      return;
    }
    if (KubeletLog.candidate(text) && KubeletLog.read(record, text.trim(), events, sink)) {
      return;
    }
    EventTable.Row row = EventTable.loneRow(text);
    if (row != null) {
      table.read(row, record, Involved.NONE, sink);
    }
  }

  /** Other text ends the documents open. */
  private void interrupt(LogRecord record, EventSink sink) {
    if (json.reset() && kubeJson && !warnedCut) {
      warnedCut = true;
      sink.warning(record, "a Kubernetes JSON document was cut off by other text and was not read");
    }
    kubeJson = false;
    jsonRecords = new ArrayList<>();
    if (yaml.inDocument()) {
      yaml.finish();
      drainYaml(record, sink);
    }
    if (describe.active()) {
      describe.end(sink);
    }
    table.close();
  }

  private boolean offerJson(LogRecord record, String text, EventSink sink) {
    boolean was = json.inDocument();
    if (!json.offer(text)) {
      return false;
    }
    if (!was) {
      jsonRecords = new ArrayList<>();
      kubeJson = false;
    }
    if (text.contains("\"apiVersion\"") || text.contains("\"involvedObject\"")
        || text.contains("\"containerStatuses\"")) {
      kubeJson = true;
    }
    if (jsonRecords.size() < MAX_RECORDS && telling(text)) {
      jsonRecords.add(record);
    }
    List<String> done = json.drain();
    for (String element : done) {
      List<LogRecord> recs = jsonRecords.isEmpty() ? List.of(record) : jsonRecords;
      Optional<Object> value = Json.parse(element);
      if (value.isPresent()) {
        documents.read(value.get(), recs, sink);
      }
    }
    if (!done.isEmpty()) {
      jsonRecords = new ArrayList<>();
    }
    if (json.takeDropped() > 0 && kubeJson && !warnedDropped) {
      warnedDropped = true;
      sink.warning(record, "a Kubernetes JSON document larger than " + MAX_JSON_CHARS
          + " characters was not read");
    }
    return true;
  }

  private void drainYaml(LogRecord at, EventSink sink) {
    for (YamlDocuments.Element e : yaml.drain()) {
      Object root = Yaml.parse(e.lines());
      if (e.item() && root instanceof List<?> l && !l.isEmpty()) {
        root = l.get(0);
      }
      documents.read(root, e.records(), sink);
    }
    if (yaml.takeDropped() > 0 && !warnedDropped) {
      warnedDropped = true;
      sink.warning(at, "a Kubernetes YAML document longer than the block limit was not read");
    }
  }

  @Override
  public void finish(EventSink sink) {
    if (json.reset() && kubeJson && !warnedCut && !jsonRecords.isEmpty()) {
      warnedCut = true;
      sink.warning(jsonRecords.get(jsonRecords.size() - 1),
          "a Kubernetes JSON document ended before it was closed and was not read");
    }
    kubeJson = false;
    jsonRecords = new ArrayList<>();
    if (yaml.inDocument()) {
      yaml.finish();
      List<YamlDocuments.Element> left = yaml.drain();
      for (YamlDocuments.Element e : left) {
        Object root = Yaml.parse(e.lines());
        if (e.item() && root instanceof List<?> l && !l.isEmpty()) {
          root = l.get(0);
        }
        documents.read(root, e.records(), sink);
      }
    }
    describe.end(sink);
    table.close();
  }
}
