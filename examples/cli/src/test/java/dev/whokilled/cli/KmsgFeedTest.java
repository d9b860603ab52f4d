package dev.whokilled.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whokilled.KillForensics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class KmsgFeedTest {

  private static final List<String> DD = List.of("dd", "iflag=nonblock", "bs=16384", "status=none");

  @TempDir Path dir;

  private static Watch.Settings fast() {
    return new Watch.Settings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(10),
        Duration.ofMinutes(1), 1000);
  }

  private static String lines(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  /** Runs a watch of one kernel log feed to the feed's end. */
  private static WatchTest.Told watch(KmsgFeed feed) throws Exception {
    feed.open();
    WatchTest.Told told = new WatchTest.Told();
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
        () -> new Watch(KillForensics.builder().build(), told, fast()).run(List.of(feed)));
    run.get(20, TimeUnit.SECONDS);
    return told;
  }

  /** A channel that returns one record a read, as /dev/kmsg does, and fails with EPIPE where the list says. */
  private static final class Records implements ReadableByteChannel {
    private final Deque<String> records;
    private boolean open = true;

    Records(List<String> records) {
      this.records = new ArrayDeque<>(records);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      String r = records.poll();
      if (r == null) {
        return -1;
      }
      if (r.equals("EPIPE")) {
        throw new IOException("Broken pipe");
      }
      if (r.startsWith("WAIT ")) {
        try {
          Thread.sleep(Long.parseLong(r.substring(5)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        r = records.poll();
      }
      byte[] b = (r + "\n").getBytes(StandardCharsets.UTF_8);
      dst.put(b);
      return b.length;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }

  @Test
  void recordsThereAtStart_skipped_laterOnesRead() throws Exception {
    Assumptions.assumeTrue(MachineSources.onPath("dd") != null, "no dd here");
    List<String> fixture = WatchTest.fixture();
    Path backlog = Files.writeString(dir.resolve("kmsg"), lines(fixture.subList(0, 79)));
    PipedOutputStream later = new PipedOutputStream();
    InputStream rest = new PipedInputStream(later, 1 << 16);
    // what dd reads of the file is the ring buffer now; the device goes on with what the kernel writes later
    KmsgFeed feed = new KmsgFeed(backlog, DD, WatchTest.KMSG,
        p -> Channels.newChannel(new SequenceInputStream(Files.newInputStream(p), rest)));
    CompletableFuture<Void> kernel = CompletableFuture.runAsync(() -> {
      try {
        Thread.sleep(100);
        later.write(lines(fixture.subList(79, 86)).getBytes(StandardCharsets.UTF_8));
        later.close();
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });

    WatchTest.Told told = watch(feed);

    kernel.get(5, TimeUnit.SECONDS);
    assertEquals(List.of(22502L, 22506L, 22510L, 22513L, 22516L), told.pids(), "not the OOM kill before the start");
    assertEquals("kmsg:2", told.deaths.get(1).verdict().evidence().get(0).location(),
        "evidence cites the records read, counted from the start of the watch");
    assertEquals(List.of(), told.warnings);
  }

  @Test
  void overwrittenRecords_gapReported_readingGoesOn() throws Exception {
    List<String> fixture = WatchTest.fixture();
    // 13009 and 13010 read, 13011 to 13013 overwritten (EPIPE), then 13014 and 13015
    KmsgFeed feed = new KmsgFeed(Path.of("kmsg"), List.of(), WatchTest.KMSG, p -> new Records(List.of(
        "WAIT 100", fixture.get(79), fixture.get(80), "EPIPE", fixture.get(84), fixture.get(85))));

    WatchTest.Told told = watch(feed);

    assertEquals(List.of("the kernel log overwrote 3 records (sequence numbers 13011 to 13013) before they could be "
        + "read; a death among them is missed"), told.warnings);
    assertEquals(List.of(22502L, 22506L, 22513L, 22516L), told.pids());
  }

  @Test
  void noDd_theFirstReadThatWaitsEndsTheRecordsThereAtStart() throws Exception {
    List<String> fixture = WatchTest.fixture();
    KmsgFeed feed = new KmsgFeed(Path.of("kmsg"), List.of("/nonexistent/dd"), WatchTest.KMSG,
        p -> new Records(List.of(fixture.get(79), fixture.get(80), "WAIT 200", fixture.get(82), fixture.get(84))));

    WatchTest.Told told = watch(feed);

    assertTrue(feed.endTimed());
    assertEquals(List.of(22510L, 22513L), told.pids(), "the records that came without waiting were old");
  }

  @Test
  void dictionaryLines_followTheirRecord_skippedWithIt() throws Exception {
    // a record of the buffer (skipped, with its dictionary) and a new one with a dictionary, as the kernel adds
    // SUBSYSTEM and DEVICE to device messages
    Assumptions.assumeTrue(MachineSources.onPath("dd") != null, "no dd here");
    Path backlog = Files.writeString(dir.resolve("kmsg"),
        "6,7,1000,-;virtio_net virtio0 eth0: link up\n SUBSYSTEM=virtio\n DEVICE=+virtio:virtio0\n");
    String segfault = WatchTest.fixture().get(80).replace(",13010,", ",8,");
    KmsgFeed feed = new KmsgFeed(backlog, DD, WatchTest.KMSG, p -> new Records(List.of(
        "6,7,1000,-;virtio_net virtio0 eth0: link up\n SUBSYSTEM=virtio\n DEVICE=+virtio:virtio0",
        "WAIT 60",
        segfault + "\n SUBSYSTEM=cpu")));

    WatchTest.Told told = watch(feed);

    assertEquals(List.of(22506L), told.pids());
    assertEquals(List.of(), told.warnings);
  }

  @Test
  void header_sequenceAndTime() {
    assertEquals(13010L, KmsgFeed.sequence("6,13010,3593072255,-;wk-crash-it[22506]: segfault at 0"));
    assertEquals(3593072255L, KmsgFeed.micros("6,13010,3593072255,-;wk-crash-it[22506]: segfault at 0"));
    assertEquals(12L, KmsgFeed.sequence("4,12,5000,c,caller=T1;message, with; commas"));
    assertEquals(5000L, KmsgFeed.micros("4,12,5000,c,caller=T1;message, with; commas"));
    assertEquals(-1L, KmsgFeed.sequence(" SUBSYSTEM=virtio"));
    assertEquals(-1L, KmsgFeed.sequence("x,12,5000,-;not a priority"));
    assertEquals(-1L, KmsgFeed.sequence("6,12;no time"));
    assertEquals(-1L, KmsgFeed.micros("6,12;no time"));
    assertEquals(-1L, KmsgFeed.sequence("6,99999999999999999999,1,-;too long a number"));
    assertEquals(-1L, KmsgFeed.sequence("[  1.000000] a dmesg line, not a record"));
  }

  @Test
  void deviceThatCannotBeOpened_saysSoAtOnce() {
    KmsgFeed feed = new KmsgFeed(dir.resolve("missing"), DD, WatchTest.KMSG,
        p -> java.nio.channels.FileChannel.open(p));

    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, feed::open);

    assertEquals("no such file", Inputs.reason(e));
  }
}
