/**
 * Crashes: the kernel's fault lines ({@code segfault at}, {@code traps:}), kernel oopses that killed the
 * running task, and systemd-coredump's reports (journal messages, {@code coredumpctl list} and {@code info}).
 */
@NullMarked
package dev.whokilled.parsers.crash;

import org.jspecify.annotations.NullMarked;
