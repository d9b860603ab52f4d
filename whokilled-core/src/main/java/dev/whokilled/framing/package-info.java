/**
 * Framing: from a line of text to a {@link dev.whokilled.framing.LogRecord} (message, time, origin, source).
 */
@NullMarked
package dev.whokilled.framing;

import org.jspecify.annotations.NullMarked;
