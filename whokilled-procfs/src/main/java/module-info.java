/**
 * whokilled procfs: what a Linux machine itself knows about its processes, read from {@code /proc} and
 * {@code /sys/fs/cgroup} (live, or a captured directory tree) into the host and process facts of
 * {@code dev.whokilled.facts}.
 */
module dev.whokilled.procfs {
  requires transitive dev.whokilled.core;
  requires static org.jspecify;

  exports dev.whokilled.procfs;
}
