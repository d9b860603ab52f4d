package dev.whokilled.cli;

import static dev.whokilled.cli.TestSupport.array;
import static dev.whokilled.cli.TestSupport.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.KillForensics;
import dev.whokilled.Session;
import dev.whokilled.cli.TestSupport.Run;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files from the command line that are not plain readable logs: each gets a one-line message (and status 1) or a
 * correct analysis, and a bad file costs only itself. The corpus file holds three OOM kills.
 */
final class BadFilesTest {

  @TempDir Path dir;

  private static void oneLine(String err) {
    assertEquals(1, err.lines().count(), err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), err);
  }

  private static int deaths(Run r) {
    return array(object(TestSupport.parse(r.out())).get("deaths")).size();
  }

  private Path gzip(String name, byte[] content) throws IOException {
    Path gz = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(content);
    }
    return gz;
  }

  private static byte[] corpus() throws IOException {
    return Files.readAllBytes(TestSupport.corpus());
  }

  @Test
  void missingAmongGoodOnes_restAnalysedStatusOne() {
    Run r = TestSupport.run("--json", TestSupport.corpus().toString(), "/nope");

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot read /nope: no such file", r.err().strip());
    assertEquals(3, deaths(r), r.out());
    List<Object> warnings = array(object(TestSupport.parse(r.out())).get("warnings"));
    assertTrue(warnings.contains("cannot read /nope: no such file"), warnings::toString);
  }

  @Test
  void everyFileBad_nothingPrinted() {
    Run r = TestSupport.run("/nope", "/nope2");

    assertEquals(1, r.status());
    assertEquals(List.of("whokilled: cannot read /nope: no such file", "whokilled: cannot read /nope2: no such file"),
        r.err().lines().toList());
    assertEquals("", r.out());
  }

  /** Root may read any file; a read that the kernel fails is what root meets: {@code /proc/self/mem} gives EIO. */
  @Test
  void readFailsAtOnce_oneLineStatusOne() {
    Path mem = Path.of("/proc/self/mem");
    Assumptions.assumeTrue(Files.isReadable(mem), "no /proc/self/mem here");

    Run r = TestSupport.run(mem.toString());

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot read /proc/self/mem: input/output error", r.err().strip());
    oneLine(r.err());
  }

  @Test
  void noPermission_oneLine() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.log"), "x\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    if (Files.isReadable(secret)) {
      // root reads any file; a write-only sysctl it may not read
      secret = Path.of("/proc/sys/vm/drop_caches");
    }
    Assumptions.assumeTrue(Files.exists(secret) && !Files.isReadable(secret), "every file is readable here");

    Run r = TestSupport.run(secret.toString());

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot read " + secret + ": permission denied", r.err().strip());
  }

  @Test
  void fileNameWithLineBreak_oneLine() {
    // C0 and C1 escapes (ESC [ and CSI) and a line separator, which some terminals break the line at
    Run r = TestSupport.run(dir.resolve("a\nb\u001b[31m\u009b2J\u2028c").toString());

    assertEquals(1, r.status());
    assertEquals("whokilled: cannot read " + dir + "/a\\x0ab\\x1b[31m\\x9b2J\\u2028c: no such file", r.err().strip());
    oneLine(r.err());
  }

  @Test
  void fifo_readAsAStream() throws Exception {
    Path fifo = dir.resolve("kmsg.fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
    byte[] content = corpus();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write(content);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });

    Run r = TestSupport.run("--json", fifo.toString());

    writer.get(30, TimeUnit.SECONDS);
    assertEquals(0, r.status(), r.err());
    assertEquals(3, deaths(r));
  }

  @Test
  void gzipWithoutItsName_readByItsBytes() throws IOException {
    Path plainName = gzip("kern.log.2", corpus());

    Run r = TestSupport.run("--json", plainName.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals(3, deaths(r));
  }

  /** {@code cat kern.log.3.gz kern.log.2.gz > old.gz} is a gzip file of two members, and gunzip reads both. */
  @Test
  void gzipOfTwoMembers_bothRead() throws IOException {
    byte[] all = corpus();
    int half = new String(all, java.nio.charset.StandardCharsets.UTF_8).indexOf("\n", all.length / 2) + 1;
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(Files.readAllBytes(gzip("a.gz", Arrays.copyOf(all, half))));
    both.write(Files.readAllBytes(gzip("b.gz", Arrays.copyOfRange(all, half, all.length))));
    Path gz = Files.write(dir.resolve("kern.log.old.gz"), both.toByteArray());

    Run r = TestSupport.run("--json", gz.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals(3, deaths(r));
  }

  @Test
  void truncatedGzip_linesBeforeAnalysedStatusOne() throws IOException {
    byte[] gz = Files.readAllBytes(gzip("full.gz", corpus()));
    Path cut = Files.write(dir.resolve("kern.log.2.gz"), Arrays.copyOf(gz, gz.length * 3 / 4));

    Run r = TestSupport.run("--json", cut.toString());

    assertEquals(1, r.status());
    assertTrue(r.err().startsWith("whokilled: cannot read " + cut + " to its end: unexpected end of ZLIB input "
        + "stream; the "), r.err());
    assertTrue(r.err().strip().endsWith(" lines before are analysed"), r.err());
    oneLine(r.err());
    assertTrue(deaths(r) >= 1, r.out());
  }

  @Test
  void otherCompressions_namedWithTheirCommand() throws IOException {
    byte[][] heads = {
      {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4},
      {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x24, 0},
      {'B', 'Z', 'h', '9', '1'},
    };
    String[] tools = {"xz", "zstd", "bzip2"};
    for (int i = 0; i < heads.length; i++) {
      Path f = Files.write(dir.resolve("kern.log.2." + tools[i]), heads[i]);

      Run r = TestSupport.run(f.toString());

      assertEquals(1, r.status());
      assertEquals("whokilled: cannot read " + f + ": " + tools[i] + "-compressed, which whokilled does not read: try "
          + tools[i] + " -dc " + f + " | whokilled -", r.err().strip());
    }
  }

  @Test
  void textStartingLikeBzip2_readAsText() throws IOException {
    Path f = Files.writeString(dir.resolve("notes.log"), "BZh is how bzip2 starts\n");

    Run r = TestSupport.run(f.toString());

    assertEquals(0, r.status(), r.err());
  }

  @Test
  void emptyGzipFile_noLines() throws IOException {
    Path empty = Files.createFile(dir.resolve("kern.log.3.gz"));

    Run r = TestSupport.run("--json", empty.toString());

    assertEquals(0, r.status(), r.err());
    assertEquals(0, deaths(r));
  }

  /** A file that a logger appends to while it is read is read to the end it has when the reader gets there. */
  @Test
  void fileGrowsWhileRead_readToItsNewEnd() throws IOException {
    Path log = dir.resolve("kern.log");
    byte[] all = corpus();
    int half = new String(all, java.nio.charset.StandardCharsets.UTF_8).indexOf("\n", all.length / 2) + 1;
    Files.write(log, Arrays.copyOf(all, half));
    Session session = KillForensics.builder().build().newSession();

    FileSources.Outcome o = FileSources.read(List.of(log.toString()), session, InputStream.nullInputStream(), Progress.none(),
        file -> new OnFirstRead(Files.newInputStream(file), () -> Files.write(log,
            Arrays.copyOfRange(all, half, all.length), StandardOpenOption.APPEND)));

    assertEquals(List.of(), o.errors());
    assertEquals(List.of(), o.warnings());
    assertEquals(3, session.report().deaths().size());
  }

  /** A rotation by copy and truncate while the file is read: what was read is analysed, and the report says so. */
  @Test
  void fileTruncatedWhileRead_warning() throws IOException {
    Path log = Files.write(dir.resolve("kern.log"), corpus());
    Session session = KillForensics.builder().build().newSession();

    FileSources.Outcome o = FileSources.read(List.of(log.toString()), session, InputStream.nullInputStream(), Progress.none(),
        file -> new OnFirstRead(Files.newInputStream(file), () -> {
          try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
          }
        }));

    assertEquals(List.of(), o.errors());
    assertEquals(1, o.warnings().size(), o.warnings()::toString);
    assertTrue(o.warnings().get(0).startsWith(log + " shrank while it was read (truncated or rotated): the analysis "
        + "covers the "), o.warnings().get(0));
    assertEquals(1, o.read().size());
  }

  @Test
  void stdinGzip_readByItsBytes() throws IOException {
    byte[] gz = Files.readAllBytes(gzip("x.gz", corpus()));

    Run r = TestSupport.run(new ByteArrayInputStream(gz), TestSupport.noMachine(), "--json", "-");

    assertEquals(0, r.status(), r.err());
    assertEquals(3, deaths(r));
  }

  /** A stream that does something to its file once the reader has started. */
  private static final class OnFirstRead extends FilterInputStream {
    interface Action {
      void run() throws IOException;
    }

    private Action action;

    OnFirstRead(InputStream in, Action action) {
      super(in);
      this.action = action;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, Math.min(len, 512));
      if (action != null) {
        Action a = action;
        action = null;
        a.run();
      }
      return n;
    }
  }
}
