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
 * Provides the parser of servers that log how one of their processes died: nginx, PostgreSQL, Apache httpd,
 * php-fpm, gunicorn, uWSGI, Redis, MySQL/MariaDB, MongoDB, and compiler drivers.
 */
public final class AppsProvider implements KillParserProvider {

  /** The provider's id. */
  public static final String ID = "whokilled-apps";

  /** Creates the provider (for {@code ServiceLoader}). */
  public AppsProvider() {}

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
    return Set.of(KillEvent.Kind.SIGNAL, KillEvent.Kind.CRASH);
  }

  @Override
  public String description() {
    return "servers that log how a worker died: nginx, PostgreSQL, Apache, php-fpm, gunicorn, uWSGI, Redis, MySQL, MongoDB";
  }

  @Override
  public Prefilter prefilter() {
    return Prefilter.containing("signal", "SIG", "shutdown request", "WORKER TIMEOUT", "Worker", "HARAKIRI ON WORKER",
        "NO MERCY", "uWSGI master process", "execution timed out", "Signal was sent by", "(program ")
        .exceptFrom(Origin.KERNEL);
  }

  @Override
  public KillParser create(ParserContext context) {
    return new AppsParser();
  }
}
