package dev.whokilled.parsers.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds JSON documents in a stream of lines, one line at a time, and hands out their elements: each object of a
 * top-level array ({@code docker inspect}), each item of a top-level object's {@code "items"} array
 * ({@code kubectl get pods -o json}), or else the top-level object itself (one per line from
 * {@code docker events --format '{{json .}}'}, or pretty-printed over many lines).
 *
 * <p>Memory is bounded by the largest element, capped at the size given; a larger element is dropped and
 * counted, and reading goes on after it. A {@code kubectl} list of any length streams through in that bound,
 * since the list itself is never held. The texts it hands out are not checked: read them with
 * {@link Json#parse}.
 */
public final class JsonDocuments {

  private enum Mode {
    NONE,
    ROOT_ARRAY,
    ROOT_OBJECT,
    ITEMS
  }

  private final int maxChars;
  private final List<String> done = new ArrayList<>();
  private final StringBuilder buf = new StringBuilder();
  private final StringBuilder key = new StringBuilder();
  private Mode mode = Mode.NONE;
  private int depth;
  private boolean inString;
  private boolean escape;
  /** The depth an element's opening bracket raised the nesting to, or -1 when no element is being read. */
  private int elementDepth = -1;
  private boolean overflow;
  private boolean keyDone;
  private int dropped;

  /**
   * A reader with a cap on the size of one element.
   *
   * @param maxChars the most characters one element may hold
   */
  public JsonDocuments(int maxChars) {
    this.maxChars = maxChars;
  }

  /**
   * Reads a line.
   *
   * @param line the line as written (its indentation kept or not)
   * @return whether the line belongs to a JSON document (else it is some other text, left to the caller)
   */
  public boolean offer(String line) {
    int p = 0;
    if (depth == 0) {
      p = start(line, 0);
      if (p < 0) {
        return false;
      }
    }
    scan(line, p);
    return true;
  }

  /** Whether a document was begun and not yet closed. */
  public boolean inDocument() {
    return depth > 0;
  }

  /**
   * The elements completed since the last call.
   *
   * @return their texts, in order
   */
  public List<String> drain() {
    if (done.isEmpty()) {
      return List.of();
    }
    List<String> out = List.copyOf(done);
    done.clear();
    return out;
  }

  /**
   * How many elements were dropped for their size since the last call.
   *
   * @return the count
   */
  public int takeDropped() {
    int d = dropped;
    dropped = 0;
    return d;
  }

  /**
   * Forgets an unfinished document (it was cut off, or other text interrupted it).
   *
   * @return whether a document was open
   */
  public boolean reset() {
    boolean open = depth > 0;
    depth = 0;
    mode = Mode.NONE;
    inString = false;
    escape = false;
    elementDepth = -1;
    overflow = false;
    buf.setLength(0);
    key.setLength(0);
    return open;
  }

  /** Where a document starts on this line (a bracket that JSON could follow), or -1. */
  private static int start(String line, int from) {
    int p = skip(line, from);
    if (p >= line.length()) {
      return -1;
    }
    char c = line.charAt(p);
    if (c != '{' && c != '[') {
      return -1;
    }
    int q = skip(line, p + 1);
    if (q >= line.length()) {
      return p; // a bracket alone on its line: pretty-printed JSON
    }
    char n = line.charAt(q);
    boolean ok = c == '{' ? n == '"' || n == '}' : n == '{' || n == '[' || n == '"' || n == ']';
    return ok ? p : -1;
  }

  private static int skip(String s, int p) {
    while (p < s.length() && (s.charAt(p) == ' ' || s.charAt(p) == '\t')) {
      p++;
    }
    return p;
  }

  private void scan(String line, int from) {
    if (elementDepth >= 0 && !overflow && buf.length() > 0) {
      buf.append('\n');
    }
    int elementFrom = elementDepth >= 0 ? from : -1;
    for (int i = from; i < line.length(); i++) {
      char c = line.charAt(i);
      if (inString) {
        if (escape) {
          escape = false;
        } else if (c == '\\') {
          escape = true;
        } else if (c == '"') {
          inString = false;
          keyDone = depth == 1 && mode == Mode.ROOT_OBJECT; // a key, unless a value follows (see default)
        } else if (depth == 1 && mode == Mode.ROOT_OBJECT && key.length() < 16) {
          key.append(c);
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          inString = true;
          if (depth == 1 && mode == Mode.ROOT_OBJECT) {
            key.setLength(0);
            keyDone = false;
          }
        }
        case '{', '[' -> {
          if (depth == 0) {
            mode = c == '[' ? Mode.ROOT_ARRAY : Mode.ROOT_OBJECT;
            key.setLength(0);
          }
          depth++;
          if (depth == 2 && mode == Mode.ROOT_OBJECT && c == '[' && keyDone && key.toString().equals("items")) {
            // a kubectl List: its items are the elements, the envelope is not kept
            mode = Mode.ITEMS;
            elementDepth = -1;
            elementFrom = -1;
            buf.setLength(0);
            overflow = false;
          } else if (elementDepth < 0 && (depth == 1 && mode == Mode.ROOT_OBJECT
              || depth == 2 && mode == Mode.ROOT_ARRAY && c == '{'
              || depth == 3 && mode == Mode.ITEMS && c == '{')) {
            elementDepth = depth;
            elementFrom = i;
            buf.setLength(0);
            overflow = false;
          }
        }
        case '}', ']' -> {
          if (elementDepth >= 0 && depth == elementDepth) {
            finishElement(line, elementFrom, i + 1);
            elementFrom = -1;
          }
          depth--;
          if (depth == 1 && mode == Mode.ITEMS) {
            mode = Mode.ROOT_OBJECT; // the items array closed; the envelope's other keys follow
            key.setLength(0);
          }
          if (depth == 0) {
            mode = Mode.NONE;
            int next = start(line, i + 1);
            if (next < 0) {
              return; // whatever follows the document on its line is not JSON
            }
            i = next - 1;
          }
        }
        case ',' -> {
          if (depth == 1) {
            key.setLength(0);
            keyDone = false;
          }
        }
        default -> {
          if (depth == 1 && mode == Mode.ROOT_OBJECT && c != ':' && c != ' ' && c != '\t') {
            keyDone = false; // a value, not the key just read
          }
        }
      }
    }
    if (elementFrom >= 0) {
      append(line, elementFrom, line.length());
    }
  }

  private void finishElement(String line, int from, int to) {
    append(line, from, to);
    if (overflow) {
      dropped++;
    } else {
      done.add(buf.toString());
    }
    buf.setLength(0);
    overflow = false;
    elementDepth = -1;
  }

  private void append(String line, int from, int to) {
    if (overflow) {
      return;
    }
    if (buf.length() + (to - from) > maxChars) {
      overflow = true;
      buf.setLength(0);
      return;
    }
    buf.append(line, from, to);
  }
}
