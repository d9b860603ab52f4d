package dev.whokilled.parsers.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The corpus files, and the corpus cut into pieces of a few lines and scattered through real kernel noise of this VM
 * ({@code /noise/dmesg-this-vm.txt}), in several orders: inputs on which a reader's shortcuts meet a parser's timers,
 * blocks and documents amid runs of other lines of every length.
 */
public final class CorpusMix {

  private CorpusMix() {}

  /** The corpus directory. */
  public static Path root() {
    try {
      return Path.of(Objects.requireNonNull(CorpusMix.class.getResource("/corpus")).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every corpus file but the expectations and the notes, in name order. */
  public static List<Path> files() throws IOException {
    try (Stream<Path> files = Files.walk(root())) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".expected"))
          .filter(p -> !p.getFileName().toString().endsWith(".md"))
          .sorted()
          .toList();
    }
  }

  /** One mix: its name, and its bytes. */
  public record Mix(String name, byte[] bytes) {}

  /**
   * The corpus shuffled by a seed, forty files at a time, each line of them after a gap of noise: mostly none to two
   * lines, one time in eight up to 900.
   *
   * @param seed the seed of the order and the gaps
   * @return the mixes, named {@code mix-SEED-START}
   * @throws IOException if a file cannot be read
   */
  public static List<Mix> mixes(long seed) throws IOException {
    List<String> noise = lines(resource("/noise/dmesg-this-vm.txt"));
    Random random = new Random(seed);
    List<Path> picked = new ArrayList<>(files());
    Collections.shuffle(picked, random);
    List<Mix> out = new ArrayList<>();
    for (int start = 0; start < picked.size(); start += 40) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (Path p : picked.subList(start, Math.min(picked.size(), start + 40))) {
        for (String line : lines(Files.readAllBytes(p))) {
          int gap = random.nextInt(8) == 0 ? random.nextInt(900) : random.nextInt(3);
          for (int k = 0; k < gap; k++) {
            write(bytes, noise.get(random.nextInt(noise.size())));
          }
          write(bytes, line);
        }
      }
      out.add(new Mix("mix-" + seed + "-" + start, bytes.toByteArray()));
    }
    return out;
  }

  /** A test resource's bytes. */
  public static byte[] resource(String name) {
    try (InputStream in = Objects.requireNonNull(CorpusMix.class.getResourceAsStream(name), name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of bytes read as Latin-1, so that any byte goes through unchanged. */
  public static List<String> lines(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();
  }

  /** Writes a line read with {@link #lines} back as its bytes, and a line break. */
  public static void write(ByteArrayOutputStream out, String latin1Line) {
    byte[] b = latin1Line.getBytes(StandardCharsets.ISO_8859_1);
    out.write(b, 0, b.length);
    out.write('\n');
  }
}
