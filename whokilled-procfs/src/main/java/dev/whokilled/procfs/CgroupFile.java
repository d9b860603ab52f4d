package dev.whokilled.procfs;

import dev.whokilled.facts.CgroupMembership;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/PID/cgroup}: {@code hierarchy-ID:controller-list:cgroup-path} per line; {@code 0::/path} for cgroup
 * v2. The path may hold colons, so a line is cut at its first two.
 *
 * @param memberships the lines read
 * @param problems lines that could not be read, one phrase each
 */
record CgroupFile(List<CgroupMembership> memberships, List<String> problems) {

  CgroupFile {
    memberships = List.copyOf(memberships);
    problems = List.copyOf(problems);
  }

  static CgroupFile parse(String text) {
    List<CgroupMembership> list = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int bad = 0;
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(":", 3);
      Integer id = f.length == 3 ? Values.parseInt(f[0]) : null;
      if (id == null || id < 0 || !f[2].startsWith("/")) {
        bad++;
        continue;
      }
      list.add(new CgroupMembership(id, f[1], f[2]));
    }
    if (bad > 0) {
      problems.add("cgroup: " + bad + (bad == 1 ? " line" : " lines") + " unreadable");
    }
    return new CgroupFile(list, problems);
  }
}
