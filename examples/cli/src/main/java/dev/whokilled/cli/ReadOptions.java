package dev.whokilled.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options of {@code facts} and {@code top}: what they read, and how they print it. */
final class ReadOptions {

  @Option(names = "--root", paramLabel = "DIR",
      description = "Read a tree captured with 'whokilled snapshot DIR' instead of this machine's /proc.")
  @Nullable Path root;

  @Option(names = "--json", description = "Print the whokilled/v1 JSON document.")
  boolean json;

  @Option(names = "--pretty", description = "Indent the JSON.")
  boolean pretty;
}
