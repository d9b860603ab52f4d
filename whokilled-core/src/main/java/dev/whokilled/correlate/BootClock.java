package dev.whokilled.correlate;

import dev.whokilled.event.EventTime;
import dev.whokilled.event.KillEvent;
import dev.whokilled.facts.HostFacts;
import dev.whokilled.framing.LogRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the kernel's time since boot into wall-clock time with a known boot time, for the events of that boot only.
 *
 * <p>A boot time belongs to one boot: the one running when it was read. An event belongs to it when its journal
 * boot id is that boot's id ({@code /proc/sys/kernel/random/boot_id}), or, when the event carries no boot id (dmesg,
 * kern.log), when it is in the last boot its source shows: an earlier boot in the same file had another boot time,
 * and giving its events this one would invent their times.
 */
public final class BootClock {

  /** No boot time: times since boot stay as they are. */
  public static final BootClock NONE = new BootClock(null, null, Map.of());

  private final @Nullable Instant bootTime;
  private final @Nullable String bootId;
  private final Map<String, Integer> lastBoot;

  private BootClock(@Nullable Instant bootTime, @Nullable String bootId, Map<String, Integer> lastBoot) {
    this.bootTime = bootTime;
    this.bootId = bootId;
    this.lastBoot = lastBoot;
  }

  /**
   * The clock of one boot, for these events.
   *
   * @param bootTime when the boot began, or {@code null} for none
   * @param bootId the boot's id in any form ({@code boot_id} with dashes, or the journal's), or {@code null}
   * @param events the events it will complete, to know each source's last boot
   * @return the clock
   */
  public static BootClock of(@Nullable Instant bootTime, @Nullable String bootId, List<KillEvent> events) {
    if (bootTime == null) {
      return NONE;
    }
    Map<String, Integer> last = new HashMap<>();
    for (KillEvent e : events) {
      for (LogRecord r : e.evidence()) {
        last.merge(r.source(), r.bootIndex(), Math::max);
      }
    }
    return new BootClock(bootTime, bootId == null ? null : HostFacts.normalBootId(bootId), last);
  }

  /**
   * An event's time, with the wall clock derived from the boot time when it has only the time since boot and is of
   * this boot.
   *
   * @param e the event
   * @return its time, completed when it can be
   */
  public EventTime complete(KillEvent e) {
    EventTime t = e.time();
    if (bootTime == null || t.wall() != null || t.uptime() == null || !ofThisBoot(e)) {
      return t;
    }
    return t.withWallFromBoot(bootTime);
  }

  private boolean ofThisBoot(KillEvent e) {
    String id = e.time().bootId();
    if (id != null && bootId != null && id.length() == 32) {
      return HostFacts.normalBootId(id).equals(bootId);
    }
    LogRecord r = e.evidence().get(e.evidence().size() - 1);
    return r.bootIndex() >= lastBoot.getOrDefault(r.source(), 0);
  }
}
