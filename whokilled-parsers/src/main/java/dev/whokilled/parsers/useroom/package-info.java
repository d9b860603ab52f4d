/**
 * Userspace memory killers' reports of the processes and cgroups they killed: earlyoom in every message era,
 * systemd-oomd and Meta's oomd.
 */
@NullMarked
package dev.whokilled.parsers.useroom;

import org.jspecify.annotations.NullMarked;
