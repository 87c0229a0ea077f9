package dev.tollgate.journal.entity;

/**
 * A batch of journal rows went into the database in one transaction: fired as a CDI event on the
 * writer thread, for the batch latency metric.
 */
public record JournalBatchWritten(int rows, long durationNanos) {}
