package dev.whokilled.facts;

import java.util.Arrays;
import java.util.Objects;

/**
 * One line of {@code /proc/PID/cgroup}: {@code hierarchy-ID:controller-list:cgroup-path}.
 *
 * @param hierarchy the hierarchy id; 0 for the cgroup v2 (unified) hierarchy
 * @param controllers the comma-separated controllers of a v1 hierarchy ({@code memory}, {@code cpu,cpuacct},
 *     {@code name=systemd}); empty for v2
 * @param path the cgroup path, relative to the hierarchy's mount (and to the reader's cgroup namespace)
 * @since 0.1
 */
public record CgroupMembership(int hierarchy, String controllers, String path) {

  /** Checks the components. */
  public CgroupMembership {
    Objects.requireNonNull(controllers, "controllers");
    Objects.requireNonNull(path, "path");
  }

  /** Whether this is the cgroup v2 (unified) hierarchy's line, {@code 0::/path}. */
  public boolean isUnified() {
    return hierarchy == 0 && controllers.isEmpty();
  }

  /** Whether this v1 hierarchy holds a controller, such as {@code memory}. */
  public boolean hasController(String controller) {
    return Arrays.asList(controllers.split(",")).contains(controller);
  }
}
