/**
 * An example extension of whokilled: a parser of what Hadoop YARN and Spark write when YARN kills a container for
 * exceeding its memory limit. It exports nothing; whokilled finds it through {@code provides} on the module path
 * and through {@code META-INF/services} on the class path.
 */
module dev.whokilled.examples.yarn {
  requires dev.whokilled.core;
  requires static org.jspecify;

  provides dev.whokilled.spi.KillParserProvider with
      dev.whokilled.examples.yarn.YarnProvider;
}
