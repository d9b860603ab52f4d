package dev.whokilled.parsers.suspect;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.Suspect;
import dev.whokilled.framing.Format;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the kill commands of a shell history, as {@link Suspect.Type#HISTORY} suspects: one per target a command
 * names ({@code kill -9 1234 1240}: two), with the signal it names and when it was typed.
 *
 * <ul>
 *   <li>bash with {@code HISTTIMEFORMAT} set writes {@code #1700000000} before each command: its time, to the
 *       second;</li>
 *   <li>zsh's extended history writes {@code : 1700000000:0;kill -9 1234};</li>
 *   <li>a plain history (or a pasted transcript) has no times: its commands join only the deaths of the pids they
 *       name.</li>
 * </ul>
 *
 * <p>Only lines without framing are read (a history file has none), and never a comment; the kill commands in
 * them are read by {@link KillCommands}.
 */
final class HistoryParser implements KillParser {

  private final @Nullable String user;
  private @Nullable LogRecord stampLine;
  private @Nullable Instant stamp;

  HistoryParser(@Nullable String user) {
    this.user = user;
  }

  @Override
  public void accept(LogRecord record, EventSink sink) {
    String m = record.message();
    Instant at = stamp;
    LogRecord atLine = stampLine;
    stamp = null;
    stampLine = null;
    if (m.length() >= 10 && m.length() <= 12 && m.charAt(0) == '#') {
      Long epoch = Text.digits(m, 1, m.length());
      if (epoch != null) {
        stamp = Instant.ofEpochSecond(epoch);
        stampLine = record;
        return;
      }
    }
    if (m.indexOf("kill") < 0 || record.text().startsWith("#") || record.format() != Format.PLAIN) {
      return; // a comment; or a log line, which a history is not
    }
    String line = m;
    if (m.startsWith(": ")) {
      // zsh: ": 1700000000:0;command"
      int colon = m.indexOf(':', 2);
      int semi = m.indexOf(';', 2);
      Long epoch = colon > 2 && semi > colon ? Text.digits(m, 2, colon) : null;
      if (epoch == null) {
        return;
      }
      at = Instant.ofEpochSecond(epoch);
      atLine = null;
      line = m.substring(semi + 1);
    }
    EventTime time = at == null ? EventTime.UNKNOWN : EventTime.ofWall(at, EventTime.Precision.SECONDS);
    List<LogRecord> evidence = atLine == null ? List.of(record) : List.of(atLine, record);
    for (KillCommands.Target t : KillCommands.targets(line)) {
      sink.event(new Suspect(t.victim(), time, null, evidence, Suspect.Type.HISTORY, null, user, null, line.strip(),
          t.signal()));
    }
  }
}
