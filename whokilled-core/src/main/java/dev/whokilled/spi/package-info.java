/**
 * The parser SPI: {@link dev.whokilled.spi.KillParserProvider} and the parsers it makes.
 */
@NullMarked
package dev.whokilled.spi;

import org.jspecify.annotations.NullMarked;
