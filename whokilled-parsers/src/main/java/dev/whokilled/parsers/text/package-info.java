/** Text helpers shared by the built-in parsers (not exported). */
@NullMarked
package dev.whokilled.parsers.text;

import org.jspecify.annotations.NullMarked;
