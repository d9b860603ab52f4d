package dev.whokilled.parsers.suspect;

import dev.whokilled.event.ProcessRef;
import dev.whokilled.event.Suspect;
import dev.whokilled.framing.LogRecord;
import dev.whokilled.framing.Origin;
import dev.whokilled.parsers.text.Tag;
import dev.whokilled.parsers.text.Text;
import dev.whokilled.spi.EventSink;
import dev.whokilled.spi.KillParser;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the jobs cron started, as {@link Suspect.Type#SCHEDULED_JOB} suspects: who, what, when.
 *
 * <p>Every cron logs a job's start as {@code (user) CMD (command)} under its own tag: Vixie cron and Debian's as
 * {@code CRON[20029]} (old Debian {@code /USR/SBIN/CRON[3696]}), cronie as {@code CROND[123]} or
 * {@code crond[123]}, FreeBSD as {@code /usr/sbin/cron[12141]}; in syslog files, {@code /var/log/cron} and the
 * journal ({@code SYSLOG_IDENTIFIER=CRON}); Debian's cron run with {@code -L 15} puts the job's pid first,
 * {@code (root) CMD ([882] kill -9 477)}, and that pid is the job's. A pasted line whose tag was not read as framing is read too. The job's
 * time is its line's; cron's other lines ({@code RELOAD}, {@code CMDEND}, {@code (CRON) INFO}) are not jobs.
 */
final class CronParser implements KillParser {

  @Override
  public void accept(LogRecord record, EventSink sink) {
    if (record.origin() == Origin.KERNEL || record.origin() == Origin.KERNEL_LOG) {
      return; // cron never writes to the kernel's log: such a line was written there by another process
    }
    String m = record.message();
    int cmd = m.indexOf(") CMD (");
    if (cmd < 0) {
      return;
    }
    String ident = record.identifier();
    Long pid = record.senderPid();
    int from = 0;
    if (ident == null || !isCron(ident)) {
      // a pasted line: CRON[20029]: (root) CMD (…)
      Tag tag = Tag.at(m);
      if (tag == null || !isCron(tag.name())) {
        return;
      }
      ident = tag.name();
      pid = tag.pid();
      from = m.length() - tag.rest().length();
    }
    if (cmd - from < 2 || m.charAt(from) != '(' || !m.endsWith(")")) {
      return;
    }
    String user = m.substring(from + 1, cmd);
    String command = m.substring(cmd + 7, m.length() - 1).strip();
    if (user.isEmpty() || user.indexOf(' ') >= 0 || command.isEmpty()) {
      return;
    }
    String name = ident.substring(ident.lastIndexOf('/') + 1);
    ProcessRef who = ProcessRef.of(pid, name);
    int close = command.indexOf("] ");
    Long job = command.startsWith("[") && close > 1 ? Text.digits(command, 1, close) : null;
    if (job != null) {
      // Debian's cron at a log level with the job's pid: (root) CMD ([882] kill -9 477); 882 ran the command
      who = ProcessRef.of(job, null);
      command = command.substring(close + 2).strip();
    }
    List<KillCommands.Target> targets = KillCommands.targets(command);
    if (targets.isEmpty()) {
      sink.event(new Suspect(ProcessRef.UNKNOWN, record.time(), null, List.of(record), Suspect.Type.SCHEDULED_JOB,
          who, user, null, command, null));
    }
    for (KillCommands.Target t : targets) {
      // a job that is itself a kill command: it names its target
      sink.event(new Suspect(t.victim(), record.time(), null, List.of(record), Suspect.Type.SCHEDULED_JOB, who,
          user, null, command, t.signal()));
    }
  }

  private static boolean isCron(String ident) {
    String name = ident.substring(ident.lastIndexOf('/') + 1);
    return name.equalsIgnoreCase("cron") || name.equalsIgnoreCase("crond");
  }

}
