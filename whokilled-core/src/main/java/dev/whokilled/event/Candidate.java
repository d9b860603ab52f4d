package dev.whokilled.event;

import org.jspecify.annotations.Nullable;

/**
 * One row of the task table that the kernel prints before choosing an OOM victim.
 *
 * <p>The kernel prints memory in pages here (the page size is not printed; 4096 bytes on x86), except
 * {@code pgtables_bytes}, which is bytes. Columns came and went across versions; a column the row's era did not
 * print is {@code null}.
 *
 * @param pid the pid
 * @param uid the user id
 * @param tgid the thread group id
 * @param totalVmPages virtual memory, pages
 * @param rssPages resident memory, pages
 * @param rssAnonPages anonymous resident memory, pages (5.x and later)
 * @param rssFilePages file-backed resident memory, pages (5.x and later)
 * @param rssShmemPages shared-memory resident memory, pages (5.x and later)
 * @param pageTablesBytes page tables, bytes (4.15 and later), else {@code null}
 * @param pageTablePages {@code nr_ptes} (+ {@code nr_pmds}) of older kernels, pages, else {@code null}
 * @param swapEntries swap entries, pages
 * @param oomScoreAdj {@code oom_score_adj} (or, on RHEL 6, {@code oom_adj} in the legacy -17..15 scale)
 * @param legacyOomAdj whether {@code oomScoreAdj} holds the legacy {@code oom_adj} value
 * @param name the command name
 * @since 0.1
 */
public record Candidate(
    long pid,
    @Nullable Integer uid,
    @Nullable Long tgid,
    @Nullable Long totalVmPages,
    @Nullable Long rssPages,
    @Nullable Long rssAnonPages,
    @Nullable Long rssFilePages,
    @Nullable Long rssShmemPages,
    @Nullable Long pageTablesBytes,
    @Nullable Long pageTablePages,
    @Nullable Long swapEntries,
    @Nullable Integer oomScoreAdj,
    boolean legacyOomAdj,
    String name) {}
