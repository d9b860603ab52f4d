/**
 * Witnesses of who could have sent a signal, none of which can say whether anyone did: login sessions
 * ({@code last}), cron jobs (cron's {@code CMD} lines), kill commands in shell histories. They give
 * {@link dev.whokilled.event.Suspect} events, listed among a death's alternatives, never as its verdict. Not
 * exported: reached through the SPI.
 */
@NullMarked
package dev.whokilled.parsers.suspect;

import org.jspecify.annotations.NullMarked;
