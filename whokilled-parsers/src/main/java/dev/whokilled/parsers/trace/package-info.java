/**
 * The other signal tracers: systemtap's {@code sigmon.stp} and {@code sigkill.stp}, bcc's and bpftrace's
 * {@code killsnoop}, {@code sigsnoop} and {@code oomkill}, and process accounting ({@code lastcomm},
 * {@code dump-acct}).
 */
@NullMarked
package dev.whokilled.parsers.trace;

import org.jspecify.annotations.NullMarked;
