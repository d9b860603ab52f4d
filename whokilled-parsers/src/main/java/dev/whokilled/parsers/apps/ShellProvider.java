package dev.whokilled.parsers.apps;

import dev.whokilled.event.KillEvent;
import dev.whokilled.framing.Origin;
import dev.whokilled.spi.KillParser;
import dev.whokilled.spi.KillParserProvider;
import dev.whokilled.spi.ParserContext;
import dev.whokilled.spi.ParserFamily;
import dev.whokilled.spi.Prefilter;
import java.util.Set;

/**
 * Provides the parser of what shells print when a job dies of a signal: bash, dash and zsh job messages
 * (in the C library's languages), {@code make}'s, and exit statuses that mean a signal (128 + N).
 */
public final class ShellProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-shell";

  /** Creates the provider (for {@code ServiceLoader}). */
  public ShellProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ParserFamily family() {
    return ParserFamily.APPLICATION;
  }

  @Override
  public Set<KillEvent.Kind> produces() {
    return Set.of(KillEvent.Kind.SIGNAL);
  }

  @Override
  public String description() {
    return "shell job messages (bash, dash, zsh; English, German, French and more) and exit statuses 128+N";
  }

  @Override
  public Prefilter prefilter() {
    // a shell's lines hold no fixed text, but never come from the kernel
    return Prefilter.everyRecord().exceptFrom(Origin.KERNEL, Origin.KERNEL_LOG);
  }

  @Override
  public KillParser create(ParserContext context) {
    return new ShellParser();
  }
}
