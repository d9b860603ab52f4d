package dev.whokilled.parsers.kubernetes;

import dev.whokilled.framing.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds the YAML documents {@code kubectl get -o yaml} prints in a stream of lines, one line at a time, and
 * hands out their elements: each item of a list's {@code items} (so that a list of any length streams through
 * in the bound of one item), or else the document itself. A document starts at {@code apiVersion:} (at any
 * indentation: pastes indent), or at a fragment's {@code status:}, {@code containerStatuses:} or
 * {@code initContainerStatuses:}; it ends at a line less indented than its start, or as indented and not
 * {@code key: value} or a list item, or at {@code ---}.
 *
 * <p>An element is kept up to a number of lines; a longer one is dropped and counted. Of its records only the
 * first and those the caller finds telling are kept (at most {@link #MAX_RECORDS}), as evidence.
 */
final class YamlDocuments {

  /** Records kept per element. */
  static final int MAX_RECORDS = 64;

  /** One element: its lines and the records that may be its evidence. */
  record Element(List<String> lines, List<LogRecord> records, boolean item) {}

  private final int maxLines;
  private final Predicate<String> telling;
  private final List<Element> done = new ArrayList<>();
  private List<String> lines = new ArrayList<>();
  private List<LogRecord> records = new ArrayList<>();
  /** The document's indentation, or -1 when none is open. */
  private int base = -1;
  private boolean items;
  private int itemIndent = -1;
  private boolean inItem;
  private boolean lastKeyEmpty;
  /** Whether the last line at the document's indentation was a list item. */
  private boolean baseList;
  private boolean overflow;
  private int dropped;

  /**
   * A reader.
   *
   * @param maxLines the most lines one element may hold
   * @param telling which lines' records to keep as evidence
   */
  YamlDocuments(int maxLines, Predicate<String> telling) {
    this.maxLines = maxLines;
    this.telling = telling;
  }

  /** Whether a document is open. */
  boolean inDocument() {
    return base >= 0;
  }

  /**
   * Whether this line begins a document.
   *
   * @param text the line as written
   * @return whether it does
   */
  static boolean starts(String text) {
    int p = 0;
    while (p < text.length() && text.charAt(p) == ' ') {
      p++;
    }
    if (p >= text.length() || "asci".indexOf(text.charAt(p)) < 0) {
      return false; // the common case, decided without copying the line
    }
    if (text.startsWith("apiVersion: ", p)) {
      return true;
    }
    for (String key : new String[] {"status:", "containerStatuses:", "initContainerStatuses:"}) {
      if (text.startsWith(key, p) && text.substring(p + key.length()).isBlank()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads a line.
   *
   * @param record the record it came from
   * @param text the line as written, indentation kept
   * @return whether the line belongs to a document (else it ended the one open, or none was open and it starts
   *     none)
   */
  boolean offer(LogRecord record, String text) {
    int indent = 0;
    while (indent < text.length() && text.charAt(indent) == ' ') {
      indent++;
    }
    String c = text.substring(indent);
    if (base < 0) {
      if (!starts(text)) {
        return false;
      }
      base = indent;
      items = false;
      itemIndent = -1;
      inItem = false;
      baseList = false;
      int colon = Yaml.keyEnd(c);
      lastKeyEmpty = colon >= 0 && c.substring(colon + 1).isBlank();
      add(record, text, indent, c);
      return true;
    }
    if (c.isBlank() || c.startsWith("#")) {
      if (!items || inItem) {
        add(record, text, indent, c);
      }
      return true;
    }
    boolean dash = c.equals("-") || c.startsWith("- ");
    if (indent < base) {
      end();
      return false;
    }
    if (items && dash && (itemIndent < 0 && indent <= base + 2 || indent == itemIndent)) {
      itemIndent = indent;
      flush();
      inItem = true;
      add(record, text, indent, c);
      return true;
    }
    if (indent == base) {
      if (c.equals("---") || c.equals("...")) {
        end();
        return true;
      }
      if (dash) {
        if (!lastKeyEmpty && !baseList) {
          end();
          return false;
        }
        baseList = true;
        add(record, text, indent, c);
        return true;
      }
      int colon = Yaml.keyEnd(c);
      if (colon < 0) {
        end();
        return false;
      }
      lastKeyEmpty = c.substring(colon + 1).isBlank();
      baseList = false;
      if (items) {
        flush(); // the list's envelope goes on after its items: nothing in it is wanted
        items = false;
        inItem = false;
      }
      if (c.equals("items:")) {
        flush();
        items = true;
        itemIndent = -1;
        inItem = false;
        return true;
      }
      add(record, text, indent, c);
      return true;
    }
    if (!items || inItem) {
      add(record, text, indent, c);
    }
    return true;
  }

  private void add(LogRecord record, String text, int indent, String c) {
    if (overflow) {
      return;
    }
    if (lines.size() >= maxLines) {
      overflow = true;
      lines = new ArrayList<>();
      records = new ArrayList<>();
      return;
    }
    lines.add(text);
    if (records.isEmpty() || records.size() < MAX_RECORDS && telling.test(c)) {
      records.add(record);
    }
  }

  private void flush() {
    if (overflow) {
      dropped++;
    } else if (!lines.isEmpty()) {
      done.add(new Element(List.copyOf(lines), List.copyOf(records), items));
    }
    lines = new ArrayList<>();
    records = new ArrayList<>();
    overflow = false;
  }

  private void end() {
    flush();
    base = -1;
    items = false;
    inItem = false;
    lastKeyEmpty = false;
    baseList = false;
  }

  /** Ends the document open, if any (the stream ended, or other text interrupted it). */
  void finish() {
    if (base >= 0) {
      end();
    }
  }

  /**
   * The elements completed since the last call.
   *
   * @return them, in order
   */
  List<Element> drain() {
    if (done.isEmpty()) {
      return List.of();
    }
    List<Element> out = List.copyOf(done);
    done.clear();
    return out;
  }

  /**
   * How many elements were dropped for their size since the last call.
   *
   * @return the count
   */
  int takeDropped() {
    int d = dropped;
    dropped = 0;
    return d;
  }
}
