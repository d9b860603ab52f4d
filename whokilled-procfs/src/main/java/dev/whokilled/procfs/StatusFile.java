package dev.whokilled.procfs;

import dev.whokilled.facts.ProcessMemory;
import dev.whokilled.facts.SignalSet;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code /proc/PID/status}: {@code Key:\tvalue} lines. The name is escaped as the kernel escapes it ({@code \n} and
 * {@code \\}, since the name may hold a newline); memory lines are in kB.
 *
 * @param name {@code Name}, unescaped, or {@code null}
 * @param state the letter of {@code State}, or {@code null}
 * @param ppid {@code PPid}, or {@code null}
 * @param uid the real uid, the first field of {@code Uid}, or {@code null}
 * @param memory the {@code Vm*} and {@code Rss*} lines, in bytes
 * @param pending {@code SigPnd} and {@code ShdPnd} together, or {@code null} when neither was read
 * @param blocked {@code SigBlk}, or {@code null}
 * @param ignored {@code SigIgn}, or {@code null}
 * @param caught {@code SigCgt}, or {@code null}
 * @param problems lines that could not be read, one phrase each
 */
record StatusFile(
    @Nullable String name,
    @Nullable String state,
    @Nullable Long ppid,
    @Nullable Integer uid,
    ProcessMemory memory,
    @Nullable SignalSet pending,
    @Nullable SignalSet blocked,
    @Nullable SignalSet ignored,
    @Nullable SignalSet caught,
    List<String> problems) {

  StatusFile {
    problems = List.copyOf(problems);
  }

  static StatusFile parse(String text) {
    String name = null;
    String state = null;
    Long ppid = null;
    Integer uid = null;
    Long[] mem = new Long[8];
    SignalSet sigPnd = null;
    SignalSet shdPnd = null;
    SignalSet blk = null;
    SignalSet ign = null;
    SignalSet cgt = null;
    List<String> problems = new ArrayList<>();
    int known = 0;
    for (String line : text.split("\n", -1)) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1);
      if (!key.equals("Name")) {
        value = value.strip();
      } else if (value.startsWith("\t")) {
        value = value.substring(1); // the one tab the kernel writes; a name may begin or end with blanks
      } else {
        value = value.stripLeading();
      }
      boolean bad = false;
      switch (key) {
        case "Name" -> name = name == null ? unescape(value) : name;
        case "State" -> {
          if (state == null) {
            String s = value.isEmpty() ? "" : value.substring(0, 1);
            bad = s.isEmpty() || !Character.isLetter(s.charAt(0));
            state = bad ? null : s;
          }
        }
        case "PPid" -> {
          ppid = ppid == null ? Values.parseLong(value) : ppid;
          bad = ppid == null || ppid < 0;
          ppid = bad ? null : ppid;
        }
        case "Uid" -> {
          String[] f = value.split("\\s+");
          Long u = Values.parseLong(f[0]);
          bad = u == null || u < 0 || u > 0xffffffffL;
          uid = bad ? uid : Integer.valueOf((int) u.longValue());
        }
        case "VmPeak", "VmSize", "VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem", "VmSwap" -> {
          Long bytes = kb(value);
          bad = bytes == null;
          mem[memIndex(key)] = bytes;
        }
        case "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt" -> {
          SignalSet set = SignalSet.parse(value).orElse(null);
          bad = set == null;
          switch (key) {
            case "SigPnd" -> sigPnd = set;
            case "ShdPnd" -> shdPnd = set;
            case "SigBlk" -> blk = set;
            case "SigIgn" -> ign = set;
            default -> cgt = set;
          }
        }
        default -> {
          continue;
        }
      }
      known++;
      if (bad) {
        problems.add("status: " + key + " unreadable");
      }
    }
    if (known == 0) {
      problems.add("status: no line read");
    }
    SignalSet pending = sigPnd == null && shdPnd == null ? null
        : new SignalSet((sigPnd == null ? 0 : sigPnd.mask()) | (shdPnd == null ? 0 : shdPnd.mask()));
    ProcessMemory memory = new ProcessMemory(mem[0], mem[1], mem[2], mem[3], mem[4], mem[5], mem[6], mem[7]);
    return new StatusFile(name, state, ppid, uid, memory, pending, blk, ign, cgt, problems);
  }

  private static int memIndex(String key) {
    return switch (key) {
      case "VmPeak" -> 0;
      case "VmSize" -> 1;
      case "VmHWM" -> 2;
      case "VmRSS" -> 3;
      case "RssAnon" -> 4;
      case "RssFile" -> 5;
      case "RssShmem" -> 6;
      default -> 7;
    };
  }

  /** {@code 123456 kB} in bytes, or {@code null}. */
  static @Nullable Long kb(String value) {
    String v = value.strip();
    if (v.endsWith("kB")) {
      v = v.substring(0, v.length() - 2);
    } else {
      return null;
    }
    Long n = Values.parseLong(v);
    return n == null ? null : Values.kbToBytes(n);
  }

  /** Undoes the kernel's escaping of a name in {@code status}: {@code \n} is a newline, {@code \\} a backslash. */
  static String unescape(String escaped) {
    if (escaped.indexOf('\\') < 0) {
      return escaped;
    }
    StringBuilder b = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '\\' && i + 1 < escaped.length()) {
        char n = escaped.charAt(i + 1);
        if (n == 'n') {
          b.append('\n');
          i++;
          continue;
        }
        if (n == '\\') {
          b.append('\\');
          i++;
          continue;
        }
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Escapes a name as the kernel writes it in {@code status}; the inverse of {@link #unescape}. */
  static String escape(String name) {
    return name.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
