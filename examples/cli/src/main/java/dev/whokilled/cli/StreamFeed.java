package dev.whokilled.cli;

import dev.whokilled.framing.Framing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lines of a stream, such as standard input fed by {@code journalctl -f -o json} on another machine, each line's
 * format detected; the stream's end ends the feed (and so the watch, when it is the only feed).
 */
final class StreamFeed implements Watch.Feed {

  private final String name;
  private final InputStream in;
  private final Framing framing;
  private volatile boolean stopped;

  /**
   * A feed of a stream.
   *
   * @param name the name evidence cites it by ({@code -} for standard input)
   * @param in the stream; not closed (standard input belongs to the process)
   * @param framing the framing of its lines
   */
  StreamFeed(String name, InputStream in, Framing framing) {
    this.name = name;
    this.in = in;
    this.framing = framing;
  }

  @Override
  public void start(Watch.Inbox inbox) {
    Thread t = new Thread(() -> read(inbox), "whokilled-" + name);
    t.setDaemon(true); // a read of standard input cannot be interrupted: the thread ends with the process
    t.start();
  }

  private void read(Watch.Inbox inbox) {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in,
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    try {
      for (String line = lines.readLine(); line != null && !stopped; line = lines.readLine()) {
        inbox.line(name, framing, line);
      }
    } catch (IOException e) {
      inbox.warn("cannot read " + name + " any more: " + Inputs.reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inbox.ended(name);
    }
  }

  @Override
  public void stop() {
    stopped = true;
  }
}
