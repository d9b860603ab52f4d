/**
 * strace output: the signals a traced process received, who the kernel says sent them, and how the process
 * ended.
 */
@NullMarked
package dev.whokilled.parsers.strace;

import org.jspecify.annotations.NullMarked;
