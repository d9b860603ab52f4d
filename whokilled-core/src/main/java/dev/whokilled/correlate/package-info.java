/**
 * Correlation: events from any witness about one process's end become one group. Not exported.
 */
@NullMarked
package dev.whokilled.correlate;

import org.jspecify.annotations.NullMarked;
