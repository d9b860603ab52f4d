/**
 * The YARN example parser: its provider, registered for {@code ServiceLoader}, and the parser it makes.
 */
@NullMarked
package dev.whokilled.examples.yarn;

import org.jspecify.annotations.NullMarked;
