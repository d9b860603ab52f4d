package dev.whokilled.cli;

import dev.whokilled.Cause;

/**
 * The colours of the report for people: ANSI escape sequences around a text, or nothing when colour is off. What
 * is styled must already be {@link TextRenderer#clean(String) cleaned}: the only escape sequences in the output
 * are these.
 */
final class Style {

  /** No colour. */
  static final Style PLAIN = new Style(false);

  /** The ANSI colours. */
  static final Style ANSI = new Style(true);

  private static final String RESET = "\u001b[0m";

  private final boolean on;

  private Style(boolean on) {
    this.on = on;
  }

  /**
   * The style for a colour decision.
   *
   * @param colour whether to colour
   * @return {@link #ANSI} or {@link #PLAIN}
   */
  static Style of(boolean colour) {
    return colour ? ANSI : PLAIN;
  }

  /** Whether this style writes escape sequences. */
  boolean on() {
    return on;
  }

  private String wrap(String code, String text) {
    return on && !text.isEmpty() ? "\u001b[" + code + "m" + text + RESET : text;
  }

  /** A heading: bold. */
  String bold(String text) {
    return wrap("1", text);
  }

  /** Labels and what matters less: dim. */
  String dim(String text) {
    return wrap("2", text);
  }

  /** Where a line comes from: cyan. */
  String source(String text) {
    return wrap("36", text);
  }

  /** A warning: yellow. */
  String warning(String text) {
    return wrap("33", text);
  }

  /** A boot's heading: bold and underlined. */
  String boot(String text) {
    return wrap("1;4", text);
  }

  /**
   * A cause in the colour of its family: memory red, crashes magenta, signals yellow, supervisors and limits blue.
   *
   * @param cause the cause
   * @param text the text to colour
   * @return the text, coloured
   */
  String cause(Cause cause, String text) {
    String code = switch (family(cause)) {
      case MEMORY -> "1;31";
      case CRASH -> "1;35";
      case SIGNAL -> "1;33";
      case SUPERVISOR -> "1;34";
    };
    return wrap(code, text);
  }

  /** The kinds of causes that share a colour, in the terminal and on the page. */
  enum Family {
    /** Memory killers of every kind. */
    MEMORY,
    /** Faults. */
    CRASH,
    /** Signals, from a sender known or not. */
    SIGNAL,
    /** Service managers and resource limits. */
    SUPERVISOR
  }

  /**
   * The colour family of a cause.
   *
   * @param cause the cause
   * @return its family
   */
  static Family family(Cause cause) {
    return switch (cause) {
      case KERNEL_OOM, CGROUP_OOM, CONTAINER_OOM, USERSPACE_OOM -> Family.MEMORY;
      case CRASH_SEGFAULT, CRASH_TRAP, CRASH_ABORT, CRASH -> Family.CRASH;
      case SIGNAL, UNKNOWN -> Family.SIGNAL;
      case SERVICE_MANAGER, RESOURCE_LIMIT -> Family.SUPERVISOR;
    };
  }

  /** How far a verdict is to be trusted, in the terminal's colours and the page's classes alike. */
  enum Trust {
    /** 90% sure or more. */
    HIGH,
    /** From 60%. */
    MEDIUM,
    /** Below 60%. */
    LOW
  }

  /**
   * How far a confidence is to be trusted.
   *
   * @param confidence from 0 to 1
   * @return its trust
   */
  static Trust trust(double confidence) {
    return confidence >= 0.9 ? Trust.HIGH : confidence >= 0.6 ? Trust.MEDIUM : Trust.LOW;
  }

  /**
   * A confidence in the colour of how far to trust it: green from 90%, yellow from 60%, red below.
   *
   * @param confidence from 0 to 1
   * @param text the text to colour
   * @return the text, coloured
   */
  String confidence(double confidence, String text) {
    return wrap(switch (trust(confidence)) {
      case HIGH -> "32";
      case MEDIUM -> "33";
      case LOW -> "31";
    }, text);
  }
}
