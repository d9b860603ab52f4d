/**
 * Classification: a group of events becomes a {@link dev.whokilled.Death} with ranked verdicts. Not exported.
 */
@NullMarked
package dev.whokilled.classify;

import org.jspecify.annotations.NullMarked;
