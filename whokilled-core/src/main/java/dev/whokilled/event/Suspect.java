package dev.whokilled.event;

import dev.whokilled.framing.LogRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Someone or something that could have sent a signal, seen near a death by a witness that cannot say whether it
 * did: the classic manual checklist made mechanical. A login session open at the time ({@code last}), a cron job
 * that ran just before ({@code CRON[1234]: (root) CMD (…)}), a run of {@code kill}, {@code pkill},
 * {@code killall} or {@code top} (process accounting), a kill command in a shell's history.
 *
 * <p>A suspect is never a verdict: it joins the deaths whose time it fits, and is listed among their alternatives,
 * with its time, user and terminal, when no witness names the sender.
 *
 * @param victim the process the command names as its target ({@code kill -9 1234}: pid 1234; {@code pkill
 *     python3}: name {@code python3}), or {@link ProcessRef#UNKNOWN} when it names none (a session, a job)
 * @param time when it began: the login, the job's or command's start, the history entry's stamp
 * @param until when it ended, for a session that ended ({@code last}'s logout, or its crash or shutdown), else
 *     {@code null}: a command, or a session still open or whose end is not known
 * @param evidence the lines it was read from
 * @param type what it is
 * @param who the process or command, when the witness names one ({@code kill} run by uid 0, cron's pid), else
 *     {@code null}
 * @param user the user, as the witness names it ({@code root}, {@code alice}, a uid), or {@code null}
 * @param terminal the terminal ({@code pts/0}) and, for a session, the remote host, or {@code null}
 * @param command the command line as written ({@code /usr/local/bin/cleanup.sh}, {@code kill -9 1234}), or
 *     {@code null}
 * @param signal the signal the command names ({@code -9}, {@code -s TERM}), or {@code null}
 * @since 0.1
 */
public record Suspect(
    ProcessRef victim,
    EventTime time,
    @Nullable Instant until,
    List<LogRecord> evidence,
    Type type,
    @Nullable ProcessRef who,
    @Nullable String user,
    @Nullable String terminal,
    @Nullable String command,
    @Nullable Signal signal)
    implements KillEvent {

  /**
   * Checks the components and copies the list.
   *
   * @throws NullPointerException if a non-null component is null
   * @throws IllegalArgumentException if {@code evidence} is empty
   */
  public Suspect {
    Objects.requireNonNull(victim, "victim");
    Objects.requireNonNull(time, "time");
    evidence = List.copyOf(evidence);
    if (evidence.isEmpty()) {
      throw new IllegalArgumentException("an event needs at least one evidence record");
    }
    Objects.requireNonNull(type, "type");
  }

  /**
   * What kind of suspect, by the witness that saw it.
   *
   * @since 0.1
   */
  public enum Type {
    /** A login session ({@code last}, {@code wtmp}). */
    SESSION,
    /** A job a scheduler started (cron's {@code CMD} lines). */
    SCHEDULED_JOB,
    /** A run of a signal-sending command, seen by process accounting ({@code lastcomm}, {@code dump-acct}). */
    COMMAND,
    /** A kill command in a shell's history. */
    HISTORY
  }

  @Override
  public KillEvent.Kind kind() {
    return KillEvent.Kind.SUSPECT;
  }

  /**
   * What it is, in a few words for people: {@code alice's session on pts/0 from 203.0.113.7},
   * {@code cron job (root) /usr/local/bin/cleanup.sh}, {@code kill run by user root on pts/0},
   * {@code 'kill -9 1234' in the shell history}.
   *
   * @return the description
   */
  public String describe() {
    String u = user == null ? "" : user;
    return switch (type) {
      case SESSION -> (user == null ? "a login session" : u + "'s session") + (terminal == null ? ""
          : " on " + terminal);
      case SCHEDULED_JOB -> "cron job" + (user == null ? "" : " (" + u + ")") + (command == null ? ""
          : " " + command);
      case COMMAND -> (who == null || who.comm() == null ? "a kill command" : who.comm())
          + (user == null ? "" : " run by " + u) + (terminal == null ? "" : " on " + terminal);
      case HISTORY -> (command == null ? "a kill command" : "'" + command + "'") + " in the shell history"
          + (user == null ? "" : " of " + u);
    };
  }
}
