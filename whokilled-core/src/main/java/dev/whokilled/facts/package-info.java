/**
 * What a machine itself knows about its processes, as {@code /proc} and {@code /sys/fs/cgroup} show it: boot time,
 * OOM scores, resource limits, signal dispositions, cgroup limits and counters, and where core dumps go.
 *
 * <p>The module {@code whokilled-procfs} reads these from a live machine or a captured tree; the classifier uses them
 * (given with {@link dev.whokilled.KillForensics.Builder#hostFacts(HostFacts)}) where they change a verdict. Every
 * component that a machine may not show is nullable: {@code null} means "not read", never "zero".
 */
@NullMarked
package dev.whokilled.facts;

import org.jspecify.annotations.NullMarked;
