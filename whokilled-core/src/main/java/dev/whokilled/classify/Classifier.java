package dev.whokilled.classify;

import dev.whokilled.Death;
import dev.whokilled.correlate.EventGroup;
import java.util.List;

public final class Classifier {
  private Classifier() {}

  public static List<Death> classify(List<EventGroup> groups) {
    throw new UnsupportedOperationException();
  }
}
