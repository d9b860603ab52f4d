package dev.whokilled.examples.yarnit;

import dev.whokilled.Death;
import dev.whokilled.KillForensics;
import dev.whokilled.Report;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a library user writes: analyse a file with every parser {@code ServiceLoader} finds, and print each death as
 * {@code cause pid name}. Run by {@link YarnExtensionIT} with the extension on the module path.
 */
public final class PrintDeaths {

  private PrintDeaths() {}

  /**
   * Prints the deaths of one file.
   *
   * @param args the file
   * @throws IOException if it cannot be read
   */
  public static void main(String... args) throws IOException {
    Report report = KillForensics.analyze(Path.of(args[0]));
    for (Death d : report.deaths()) {
      System.out.println(d.cause().jsonName() + " " + d.victim().pid() + " " + d.victim().comm());
    }
  }
}
