/**
 * The {@code whokilled} command: reads the named log files (or this machine's logs) and says who killed each
 * process that died, and why, as a report for people or as the {@code whokilled/v1} JSON document.
 */
@NullMarked
package dev.whokilled.cli;

import org.jspecify.annotations.NullMarked;
