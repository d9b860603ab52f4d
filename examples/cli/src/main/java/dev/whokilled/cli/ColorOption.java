package dev.whokilled.cli;

import picocli.CommandLine.Option;

/** {@code --color}: the option of the commands that colour what they print for people. */
final class ColorOption {

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      converter = Terminal.WhenConverter.class,
      description = "Colour what is printed: auto (when standard output is a terminal and NO_COLOR is not set), "
          + "always or never. Default: ${DEFAULT-VALUE}.")
  Terminal.When when = Terminal.When.AUTO;
}
