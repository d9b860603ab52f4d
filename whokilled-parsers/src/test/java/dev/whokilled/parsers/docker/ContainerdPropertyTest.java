package dev.whokilled.parsers.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.whokilled.event.ContainerKill;
import dev.whokilled.event.ContainerRuntime;
import dev.whokilled.event.Signal;
import dev.whokilled.parsers.testing.Collect;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Property tests of the containerd grammars: task stories generated from structure (OOM then exit, exits by
 * signal and code, exec'd processes, pod sandboxes, CRI stops), rendered in the gogo and protobuf-text eras of the
 * CRI log (logfmt alone or in syslog), as {@code ctr events} and as containerd 0.2's lines, logged once or three
 * times, read back to the same containers and ends; arbitrary input never throws.
 */
final class ContainerdPropertyTest {

  enum Story { OOM_EXIT137, OOM_ONLY, EXIT_SIGNAL, EXIT_CODE, EXIT0, EXEC_EXIT, SANDBOX_EXIT, CRI_STOP }

  enum Era { GOGO, TEXT, TEXT_2X, CTR, CTR_MOBY }

  enum Frame { LOGFMT, SYSLOG, ISO }

  record Task(String id, Story story, int code, long pid, Instant exitedAt) {}

  @FuzzTest(maxDuration = "40s")
  void generatedTaskEvents_parseBack(FuzzedDataProvider data) {
    Era era = data.pickValue(Era.values());
    Frame frame = data.pickValue(Frame.values());
    boolean repeat = data.consumeBoolean();
    int n = data.consumeInt(1, 4);
    long seconds = data.consumeLong(1_500_000_000L, 1_900_000_000L);
    List<String> lines = new ArrayList<>();
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Story story = data.pickValue(Story.values());
      boolean ctr = era == Era.CTR || era == Era.CTR_MOBY;
      if (ctr && (story == Story.SANDBOX_EXIT || story == Story.CRI_STOP)) {
        story = Story.EXIT_SIGNAL; // ctr events carry no CRI words
      }
      String id = id(data, i, ctr);
      int code = switch (story) {
        case OOM_EXIT137 -> 137;
        case EXIT_SIGNAL -> 128 + data.consumeInt(1, 31);
        case EXIT_CODE -> data.consumeInt(1, 127);
        case CRI_STOP -> data.pickValue(new int[] {0, 137, 143});
        case SANDBOX_EXIT -> 137;
        default -> 0;
      };
      long pid = data.consumeLong(1, 4_194_304L);
      long nanos = data.consumeLong(0, 999_999_999L);
      seconds += 120;
      Task t = new Task(id, story, code, pid, Instant.ofEpochSecond(seconds, nanos));
      tasks.add(t);
      List<String> msgs = new ArrayList<>();
      switch (story) {
        case OOM_EXIT137, OOM_ONLY -> {
          msgs.add(oom(era, id, seconds));
          if (story == Story.OOM_EXIT137) {
            msgs.add(exit(era, id, id, t, seconds));
          }
        }
        case EXIT_SIGNAL, EXIT_CODE, EXIT0 -> msgs.add(exit(era, id, id, t, seconds));
        case EXEC_EXIT -> msgs.add(exit(era, id, id(data, i + 100, ctr), t, seconds));
        case SANDBOX_EXIT -> {
          msgs.add("StopPodSandbox for \\\"" + id + "\\\"");
          msgs.add(exit(era, id, id, t, seconds));
        }
        case CRI_STOP -> {
          msgs.add("StopContainer for \\\"" + id + "\\\" with timeout 30 (s)");
          msgs.add("Stop container \\\"" + id + "\\\" with signal terminated");
          if (code == 137) {
            msgs.add("Kill container \\\"" + id + "\\\"");
          }
          msgs.add(exit(era, id, id, t, seconds));
          msgs.add("StopContainer for \\\"" + id + "\\\" returns successfully");
        }
      }
      for (String m : msgs) {
        lines.add(ctr(era) ? m : frame(frame, m, seconds));
        if (repeat && m.contains("TaskExit event ") && !ctr(era)) {
          lines.add(frame(frame, m.replace("TaskExit event ", "received exit event "), seconds));
        }
      }
    }
    Collect c = Collect.framed(new ContainerdParser(), lines);
    List<ContainerKill> ks = c.all(ContainerKill.class);
    int k = 0;
    for (Task t : tasks) {
      boolean none = t.story() == Story.EXIT0 || t.story() == Story.EXEC_EXIT || t.story() == Story.SANDBOX_EXIT;
      if (none) {
        continue;
      }
      String where = era + "/" + frame + " " + t + " " + tasks + " got "
          + ks.stream().map(q -> q.victim().container().id() + "/" + q.reason()).toList() + " " + lines;
      assertTrue(k < ks.size(), where);
      ContainerKill e = ks.get(k++);
      assertEquals(t.id(), e.victim().container().id(), where);
      assertEquals(era == Era.CTR_MOBY ? ContainerRuntime.DOCKER : ContainerRuntime.CONTAINERD,
          e.victim().container().runtime(), where);
      switch (t.story()) {
        case OOM_EXIT137 -> {
          assertEquals(ContainerKill.Reason.OOM_KILLED, e.reason(), where);
          assertEquals(t.pid(), e.victim().pid(), where);
          assertEquals(t.exitedAt(), e.time().wall(), where);
        }
        case OOM_ONLY -> assertEquals(ContainerKill.Reason.OOM_EVENT, e.reason(), where);
        case EXIT_SIGNAL, EXIT_CODE -> {
          assertEquals(ContainerKill.Reason.EXITED, e.reason(), where);
          assertEquals(t.code(), e.exitCode(), where);
          assertEquals(t.code() > 128 ? Signal.fromNumber(t.code() - 128L).orElseThrow() : null, e.signal(), where);
          assertEquals(t.pid(), e.victim().pid(), where);
          assertEquals(t.exitedAt(), e.time().wall(), where);
        }
        case CRI_STOP -> {
          assertEquals(ContainerKill.Reason.KILLED, e.reason(), where);
          assertEquals(t.code() == 137 ? Signal.SIGKILL : Signal.SIGTERM, e.signal(), where);
          assertEquals(t.code(), e.exitCode(), where);
        }
        default -> throw new AssertionError(where);
      }
    }
    assertEquals(k, ks.size(), () -> era + " " + tasks + " " + lines + " -> " + ks);
  }

  @FuzzTest(maxDuration = "40s")
  void anyInput_neverThrows(FuzzedDataProvider data) {
    String[] fragments = {"time=\"2025-04-14T05:21:34.519809409+08:00\" level=info msg=\"", "TaskOOM event ",
      "&TaskOOM{ContainerID:", "TaskExit event ", "&TaskExit{ContainerID:", ",ID:", ",Pid:", ",ExitStatus:137",
      ",ExitedAt:2019-11-18 13:57:42.618338639 +0900 UTC,", "container_id:\\\"", " id:\\\"", " pid:",
      " exit_status:137", " exited_at:{seconds:", " nanos:", "2024-12-11 05:54:19.191684944 +0000 UTC moby ",
      "/tasks/exit {\"container_id\":\"", "/tasks/oom ", "StopContainer for \\\"", "Stop container \\\"",
      " with signal ", "returns successfully", "StopPodSandbox for \\\"", "containerd: process exited id=",
      " pid=init status=", "\\\"", "\"", "}"};
    List<String> lines = new ArrayList<>();
    while (data.remainingBytes() > 0 && lines.size() < 200) {
      if (data.consumeBoolean()) {
        lines.add(data.pickValue(fragments) + data.consumeString(40) + data.pickValue(fragments)
            + data.consumeString(40) + data.pickValue(fragments) + data.consumeString(20));
      } else {
        lines.add(data.consumeString(300));
      }
    }
    Collect c = Collect.framed(new ContainerdParser(), lines);
    assertNotNull(c.events);
    for (ContainerKill k : c.all(ContainerKill.class)) {
      assertNotNull(k.victim().container());
    }
  }

  // ------------------------------------------------------------------------------------------ generation

  static String id(FuzzedDataProvider data, int i, boolean ctr) {
    if (ctr && data.consumeBoolean()) {
      String[] names = {"foo", "web.1", "my_app-2", "A1"};
      return data.pickValue(names) + "-" + i;
    }
    StringBuilder id = new StringBuilder(String.format(Locale.ROOT, "%08x", i));
    for (int k = 1; k < 8; k++) {
      id.append(String.format(Locale.ROOT, "%08x", data.consumeInt()));
    }
    return id.toString();
  }

  private static boolean ctr(Era era) {
    return era == Era.CTR || era == Era.CTR_MOBY;
  }

  static String oom(Era era, String id, long seconds) {
    return switch (era) {
      case GOGO -> "TaskOOM event &TaskOOM{ContainerID:" + id + ",XXX_unrecognized:[],}";
      case TEXT, TEXT_2X -> "TaskOOM event container_id:\\\"" + id + "\\\"";
      case CTR, CTR_MOBY -> goTime(Instant.ofEpochSecond(seconds)) + " " + (era == Era.CTR ? "k8s.io" : "moby")
          + " /tasks/oom {\"container_id\":\"" + id + "\"}";
    };
  }

  static String exit(Era era, String cid, String id, Task t, long seconds) {
    return switch (era) {
      case GOGO -> "TaskExit event &TaskExit{ContainerID:" + cid + ",ID:" + id + ",Pid:" + t.pid() + ",ExitStatus:"
          + t.code() + ",ExitedAt:" + goTime(t.exitedAt()) + ",XXX_unrecognized:[],}";
      case TEXT, TEXT_2X -> (era == Era.TEXT_2X ? "TaskExit event in podsandbox handler " : "TaskExit event ")
          + "container_id:\\\"" + cid + "\\\" id:\\\"" + id + "\\\"  pid:" + t.pid()
          + (era == Era.TEXT_2X && t.code() == 0 ? "" : " exit_status:" + t.code()) + " exited_at:{seconds:"
          + t.exitedAt().getEpochSecond() + " nanos:" + t.exitedAt().getNano() + "}";
      case CTR, CTR_MOBY -> goTime(Instant.ofEpochSecond(seconds + 1)) + " " + (era == Era.CTR ? "k8s.io" : "moby")
          + " /tasks/exit {\"container_id\":\"" + cid + "\",\"id\":\"" + id + "\",\"pid\":" + t.pid()
          + (t.code() == 0 ? "" : ",\"exit_status\":" + t.code()) + ",\"exited_at\":{\"seconds\":"
          + t.exitedAt().getEpochSecond() + ",\"nanos\":" + t.exitedAt().getNano() + "}}";
    };
  }

  /** Go's {@code time.Time.String()}: trailing zeros of the fraction trimmed. */
  static String goTime(Instant at) {
    String s = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT).format(at.atOffset(ZoneOffset.UTC));
    if (at.getNano() != 0) {
      String f = String.format(Locale.ROOT, "%09d", at.getNano()).replaceAll("0+$", "");
      s += "." + f;
    }
    return s + " +0000 UTC";
  }

  static String frame(Frame frame, String msg, long seconds) {
    Instant at = Instant.ofEpochSecond(seconds);
    String stamp = DateTimeFormatter.ISO_INSTANT.format(at);
    String logfmt = "time=\"" + stamp + "\" level=info msg=\"" + msg + "\"";
    return switch (frame) {
      case LOGFMT -> logfmt;
      case SYSLOG -> DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT).format(at.atOffset(ZoneOffset.UTC))
          + " node-1 containerd[1472]: " + logfmt;
      case ISO -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.UTC))
          + " node-1 containerd[1472]: " + logfmt;
    };
  }
}
