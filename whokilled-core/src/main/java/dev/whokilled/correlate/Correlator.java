package dev.whokilled.correlate;

import dev.whokilled.event.KillEvent;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

public final class Correlator {
  private Correlator() {}

  public static List<EventGroup> correlate(List<KillEvent> events, @Nullable Instant bootTime) {
    throw new UnsupportedOperationException();
  }
}
