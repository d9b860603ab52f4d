/**
 * Docker's and containerd's reports of containers that ended or ran out of memory: {@code docker inspect},
 * {@code docker events} (CLI and JSON), dockerd's log, containerd's CRI log ({@code TaskOOM}, {@code TaskExit}) and
 * {@code ctr events}.
 */
@NullMarked
package dev.whokilled.parsers.docker;

import org.jspecify.annotations.NullMarked;
