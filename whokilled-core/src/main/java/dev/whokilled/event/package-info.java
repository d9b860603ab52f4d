/**
 * The event model: what witnesses say about a process's end ({@link dev.whokilled.event.KillEvent} and its four kinds).
 */
@NullMarked
package dev.whokilled.event;

import org.jspecify.annotations.NullMarked;
