/**
 * The entry points and results of whokilled: {@link dev.whokilled.KillForensics}, {@link dev.whokilled.Analyzer}, {@link dev.whokilled.Session}, {@link dev.whokilled.Report}.
 */
@NullMarked
package dev.whokilled;

import org.jspecify.annotations.NullMarked;
