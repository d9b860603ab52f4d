/**
 * whokilled core: framing of log lines, the event model, the parser SPI, correlation and classification of
 * process deaths.
 *
 * @uses dev.whokilled.spi.KillParserProvider
 */
module dev.whokilled.core {
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.whokilled;
  exports dev.whokilled.event;
  exports dev.whokilled.facts;
  exports dev.whokilled.framing;
  exports dev.whokilled.spi;
  exports dev.whokilled.internal to
      dev.whokilled.parsers;

  uses dev.whokilled.spi.KillParserProvider;
}
