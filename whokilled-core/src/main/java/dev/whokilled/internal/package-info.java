/**
 * Helpers shared by whokilled's own modules. No API contract: exported only to them.
 */
@NullMarked
package dev.whokilled.internal;

import org.jspecify.annotations.NullMarked;
