/**
 * Service managers' own words about the processes they stop and the deaths they see: systemd (PID 1 and the
 * user managers) in every era, supervisord and Upstart.
 */
@NullMarked
package dev.whokilled.parsers.systemd;

import org.jspecify.annotations.NullMarked;
