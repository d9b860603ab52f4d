/**
 * Reads {@code /proc} and {@code /sys/fs/cgroup} into {@link dev.whokilled.facts.HostFacts} and
 * {@link dev.whokilled.facts.ProcessFacts}: {@link dev.whokilled.procfs.Procfs} reads the live machine or a captured
 * tree, {@link dev.whokilled.procfs.Snapshot} captures one.
 *
 * <p>Whatever a file holds, or whether it is there at all, reading never throws: what could not be read is a
 * {@code null} component and a phrase in {@code unread()}.
 */
@NullMarked
package dev.whokilled.procfs;

import org.jspecify.annotations.NullMarked;
