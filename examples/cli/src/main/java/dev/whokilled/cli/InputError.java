package dev.whokilled.cli;

/**
 * An input named on the command line cannot be read: the command says so in this message, one line, no stack
 * trace, reads the other inputs, and ends with status 1.
 */
final class InputError extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * An error about one input.
   *
   * @param input the input as the user named it
   * @param reason why it cannot be read, lowercase ({@code no such file})
   */
  InputError(String input, String reason) {
    super("cannot read " + TextRenderer.clean(input) + ": " + reason, null, false, false);
  }
}
