package dev.whokilled.parsers.kubernetes;

import dev.whokilled.event.ContainerKill.Reason;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.EventTime;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code kubectl describe pod} (and of a node, for its Events): indentation carries the structure.
 *
 * <pre>
 * Name:         web-7d9b4c6f8-xk2p9          the pod (a node's describe has no Namespace:)
 * Namespace:    prod
 * Status:       Failed                       Reason: Evicted / Message: The node was low on resource: memory.
 * Containers:                                also Init Containers:, Ephemeral Containers:
 *   web:                                     a container
 *     Container ID:   containerd://3f2…      docker://, cri-o://
 *     State:          Running                or Terminated, with the fields below
 *     Last State:     Terminated             1.x: Last Termination State:
 *       Reason:       OOMKilled              Error, Completed, …
 *       Exit Code:    137
 *       Signal:       9                      when non-zero
 *       Finished:     Mon, 13 Dec 2021 18:02:42 -0800
 * QoS Class:    Burstable
 * Events:                                    a table, read by {@link EventTable}
 * </pre>
 *
 * <p>A pod ends at a blank line, at the next {@code Name:}, or at a line that is not a describe line; then its
 * containers' terminated states become events (they wait for {@code QoS Class:}, printed after them). The
 * {@code Container ID:} is the current container's: it names the one that ended only when the state is not
 * {@code Running} (a waiting container still shows the id of the one that ended), else only its runtime.
 */
final class Describe {

  /** Containers kept per pod. */
  static final int MAX_CONTAINERS = 256;
  /** State sections kept per container. */
  static final int MAX_STATES = 8;
  /** Records kept per container as its evidence. */
  static final int MAX_RECORDS = 10;

  /** What one state section ({@code State:} or {@code Last State:}) says. */
  private static final class State {
    final boolean last;
    String kind = "";
    @Nullable String reason;
    @Nullable Long exit;
    @Nullable Long signal;
    @Nullable String finished;
    @Nullable String message;
    final List<LogRecord> records = new ArrayList<>();

    State(boolean last) {
      this.last = last;
    }

    void add(LogRecord r) {
      if (records.size() < MAX_RECORDS) {
        records.add(r);
      }
    }
  }

  /** One container. */
  private static final class Container {
    final String name;
    @Nullable String id;
    final List<LogRecord> records = new ArrayList<>();
    final List<State> states = new ArrayList<>();

    Container(String name) {
      this.name = name;
    }

    void add(LogRecord r) {
      if (records.size() < MAX_RECORDS) {
        records.add(r);
      }
    }
  }

  private final KubeEvents events;
  private final EventTable table;
  private boolean open;
  private @Nullable String name;
  private @Nullable String namespace;
  private @Nullable String node;
  private @Nullable String podReason;
  private @Nullable String podMessage;
  private @Nullable String qos;
  private boolean pod;
  private final List<LogRecord> podRecords = new ArrayList<>();
  private final List<Container> containers = new ArrayList<>();
  private @Nullable Container container;
  private @Nullable State state;
  /** The section at indentation 0 the pod is in: {@code Containers}, {@code Events}, …. */
  private String section = "";
  private int containerIndent = -1;
  private int fieldIndent = -1;
  /** Whether the output began at a container's state ({@code Last State: Terminated}), not at {@code Name:}. */
  private boolean fragment;
  private @Nullable String lastTop;

  Describe(KubeEvents events) {
    this.events = events;
    this.table = new EventTable(events);
  }

  /** Whether a describe output is open. */
  boolean active() {
    return open;
  }

  /**
   * Whether the line begins a describe output: {@code Name:} and a value, at its start.
   *
   * @param text the line as written
   * @return whether it does
   */
  static boolean starts(String text) {
    return text.startsWith("Name:") && text.length() > 5 && !text.substring(5).isBlank()
        && (text.charAt(5) == ' ' || text.charAt(5) == '\t');
  }

  /**
   * Whether the line begins a pasted piece of a container's describe: {@code Last State: Terminated} (or
   * {@code State:}, {@code Last Termination State:}) with no pod around it.
   *
   * @param text the line as written
   * @return whether it does
   */
  static boolean startsFragment(String text) {
    if (text.indexOf("Terminated") < 0) {
      return false;
    }
    String t = text.trim();
    int colon = t.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    String key = t.substring(0, colon);
    return (key.equals("Last State") || key.equals("State") || key.equals("Last Termination State"))
        && t.substring(colon + 1).trim().startsWith("Terminated");
  }

  /**
   * Reads a line.
   *
   * @param record the record
   * @param text the line as written
   * @param sink where events go
   * @return whether the line was the describe's (else it ended it)
   */
  boolean offer(LogRecord record, String text, EventSink sink) {
    int indent = 0;
    while (indent < text.length() && text.charAt(indent) == ' ') {
      indent++;
    }
    if (!open) {
      if (starts(text)) {
        open = true;
      } else if (startsFragment(text)) {
        open = true;
        fragment = true;
        pod = true;
        section = "Containers";
        Container k = new Container("");
        containers.add(k);
        container = k;
        containerIndent = indent - 1;
        fieldIndent = indent;
      } else {
        return false;
      }
    }
    if (text.isBlank()) {
      end(sink);
      return false;
    }
    if (fragment) {
      if (indent < fieldIndent || indent == fieldIndent && text.indexOf(':') < 0) {
        end(sink);
        return false;
      }
      containerLine(record, text, indent);
      return true;
    }
    if (indent == 0) {
      return top(record, text, sink);
    }
    switch (section) {
      case "Events":
        if (!table.active() && EventTable.header(text)) {
          table.open(text);
          return true;
        }
        if (table.active()) {
          table.offer(record, text, context(), sink);
        }
        return true;
      case "Containers", "Init Containers", "Ephemeral Containers":
        containerLine(record, text, indent);
        return true;
      default:
        return true;
    }
  }

  private boolean top(LogRecord record, String text, EventSink sink) {
    int colon = text.indexOf(':');
    if ((colon <= 0 || colon > 40) && "Message".equals(lastTop) && podMessage != null
        && podMessage.length() < 2000) {
      podMessage = podMessage + text.trim(); // a long message the terminal wrapped
      return true;
    }
    if (colon <= 0 || colon > 40) {
      end(sink);
      return false;
    }
    String key = text.substring(0, colon);
    String value = text.substring(colon + 1).trim();
    if (key.equals("Name") && name != null) {
      end(sink);
      open = true;
    }
    table.close();
    section = key;
    lastTop = key;
    containerIndent = -1;
    fieldIndent = -1;
    container = null;
    state = null;
    switch (key) {
      case "Name" -> {
        name = value.isEmpty() ? null : value;
        keep(record);
      }
      case "Namespace" -> {
        namespace = value.isEmpty() ? null : value;
        pod = true;
        keep(record);
      }
      case "Node" -> {
        int slash = value.indexOf('/');
        node = slash > 0 ? value.substring(0, slash) : value.isEmpty() || value.equals("<none>") ? null : value;
      }
      case "Reason" -> {
        podReason = value.isEmpty() ? null : value;
        if (podReason != null) {
          keep(record);
        }
      }
      case "Message" -> {
        podMessage = value.isEmpty() ? null : value;
        if (podMessage != null) {
          keep(record);
        }
      }
      case "QoS Class" -> qos = value;
      case "Containers", "Init Containers", "Ephemeral Containers" -> pod = true;
      case "Events" -> {
        if (!value.isEmpty() && !value.equals("<none>") && EventTable.header(value)) {
          table.open(text.substring(colon + 1));
        }
      }
      default -> {
        // Labels, Annotations, Conditions, Volumes, …
      }
    }
    return true;
  }

  private void keep(LogRecord r) {
    if (podRecords.size() < MAX_RECORDS) {
      podRecords.add(r);
    }
  }

  private void containerLine(LogRecord record, String text, int indent) {
    String c = text.substring(indent);
    int colon = c.indexOf(':');
    String key = colon < 0 ? c.trim() : c.substring(0, colon).trim();
    String value = colon < 0 ? "" : c.substring(colon + 1).trim();
    if (!fragment && (containerIndent < 0 || indent <= containerIndent)) {
      if (colon == c.length() - 1 && containers.size() < MAX_CONTAINERS) {
        containerIndent = indent;
        fieldIndent = -1;
        Container k = new Container(key);
        k.add(record);
        containers.add(k);
        container = k;
        state = null;
      } else {
        container = null;
      }
      return;
    }
    Container k = container;
    if (k == null) {
      return;
    }
    if (fieldIndent < 0) {
      fieldIndent = indent;
    }
    if (indent <= fieldIndent) {
      state = null;
      switch (key) {
        case "Container ID" -> {
          k.id = value.isEmpty() ? null : value;
          k.add(record);
        }
        case "State", "Last State", "Last Termination State" -> {
          if (k.states.size() >= MAX_STATES) {
            return;
          }
          State s = new State(!key.equals("State"));
          s.kind = value;
          if (value.startsWith("Terminated")) {
            s.add(record);
          }
          k.states.add(s);
          state = s;
        }
        default -> {
          // Image, Ready, Restart Count, Limits, …
        }
      }
      return;
    }
    State s = state;
    if (s == null) {
      return;
    }
    switch (key) {
      case "Reason" -> {
        s.reason = value;
        s.add(record);
      }
      case "Exit Code" -> {
        s.exit = number(value);
        s.add(record);
      }
      case "Signal" -> s.signal = number(value);
      case "Finished" -> {
        s.finished = value;
        s.add(record);
      }
      case "Message" -> s.message = value;
      default -> {
        // Started
      }
    }
  }

  private static @Nullable Long number(String v) {
    boolean neg = v.startsWith("-");
    Long n = Text.digits(v, neg ? 1 : 0, v.length());
    return n == null ? null : neg ? -n : n;
  }

  /** What the Events table is about: the pod, or the node a node's describe shows. */
  private Involved context() {
    if (pod) {
      return new Involved("Pod", name, namespace, null, null, null, null, node);
    }
    return name == null ? Involved.NONE : new Involved("Node", name, null, null, null, null, null, name);
  }

  /**
   * Ends the describe output open, if any: its containers' ends become events.
   *
   * @param sink where events go
   */
  void end(EventSink sink) {
    if (open && pod) {
      Involved p = context();
      for (Container k : containers) {
        boolean running = false;
        for (State s : k.states) {
          running |= !s.last && s.kind.startsWith("Running");
        }
        for (State s : k.states) {
          if (!s.kind.startsWith("Terminated")) {
            continue;
          }
          Involved c = p.withContainer(k.name);
          String id = k.id;
          if (id != null) {
            c = s.last && running ? withRuntime(c, Involved.runtimeOf(id)) : c.withContainerId(id);
          }
          List<LogRecord> evidence = new ArrayList<>(podRecords.subList(0, Math.min(2, podRecords.size())));
          evidence.addAll(k.records);
          evidence.addAll(s.records);
          Documents.terminated(sink, c, qos, s.reason, s.exit, s.signal, s.message, KubeTime.any(s.finished),
              evidence, "kubernetes");
        }
      }
      if ("Evicted".equals(podReason) && !podRecords.isEmpty()) {
        KubeEvents.emit(sink, p, qos, null, null, EventTime.UNKNOWN, List.copyOf(podRecords), Reason.EVICTED, null,
            null, "kubernetes", podMessage == null ? "Evicted" : podMessage);
      }
    }
    open = false;
    name = null;
    namespace = null;
    node = null;
    podReason = null;
    podMessage = null;
    qos = null;
    pod = false;
    podRecords.clear();
    containers.clear();
    container = null;
    state = null;
    section = "";
    containerIndent = -1;
    fieldIndent = -1;
    fragment = false;
    lastTop = null;
    table.close();
  }

  private static Involved withRuntime(Involved c, @Nullable ContainerRuntime r) {
    return r == null ? c : new Involved(c.kind(), c.name(), c.namespace(), c.uid(), c.container(), r, null, c.node());
  }
}
