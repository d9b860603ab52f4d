/**
 * The kernel's OOM killer reports of every era, and the OpenVZ/Virtuozzo beancounter OOM killer.
 */
@NullMarked
package dev.whokilled.parsers.oom;

import org.jspecify.annotations.NullMarked;
