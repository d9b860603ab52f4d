/**
 * The Linux audit subsystem: who sent a signal ({@code kill}, {@code tkill}, {@code tgkill},
 * {@code rt_sigqueueinfo}, {@code rt_tgsigqueueinfo}, {@code pidfd_send_signal} syscall records with their
 * {@code OBJ_PID} targets) and which process ended abnormally ({@code ANOM_ABEND}), read from
 * {@code audit.log} (raw and enriched), {@code ausearch} output (raw and interpreted), the kernel log and the
 * journal.
 */
@NullMarked
package dev.whokilled.parsers.audit;

import org.jspecify.annotations.NullMarked;
