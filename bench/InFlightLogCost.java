package dev.tollgate.journal.control;

import dev.tollgate.journal.entity.JournalRecord;
import dev.tollgate.messages.entity.Header;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * For bench/inflight.sh: what the journal's in-flight log (ADR 0008) costs a request, measured on
 * the engine's own classes. It lives in their package, compiled next to them, because the frame
 * encoding it compares against is package-private.
 *
 * <p>Per record, for a small request (the one bench/run.sh sends) and a Claude Code sized one:
 * the baseline, encoding the record's frame (work the log adds but that needs no system call), and
 * the log's whole work on the request path (encode, write, and the writer's {@code done}), on one
 * thread and on 64 threads at once (the log is one monitor). Prints microseconds per record and
 * the ratio to the baseline.
 */
public class InFlightLogCost {

    public static void main(String[] args) throws Exception {
        int records = Integer.parseInt(args.length > 0 ? args[0] : "200000");
        Path directory = Files.createTempDirectory("tollgate-inflight-bench");
        try {
            System.out.printf("%-34s %12s %12s %10s%n", "record (frame bytes)", "encode us", "log us", "log/encode");
            for (int bodyBytes : new int[] {90, 76_000}) {
                JournalRecord record = record(bodyBytes);
                int frameBytes = SpillJournal.frame(record).remaining();
                for (int threads : new int[] {1, 64}) {
                    // warm both paths up first, so that the JIT compiled what is measured
                    measure(threads, records / 4 / (bodyBytes > 1000 ? 20 : 1), record, null);
                    measure(threads, records / 4 / (bodyBytes > 1000 ? 20 : 1), record, directory);
                    int count = records / (bodyBytes > 1000 ? 20 : 1);
                    double encode = measure(threads, count, record, null);
                    double log = measure(threads, count, record, directory);
                    System.out.printf(
                            "%-34s %12.2f %12.2f %9.2fx%n",
                            (bodyBytes > 1000 ? "Claude Code sized" : "bench/run.sh's") + " (" + frameBytes + " B), "
                                    + threads + " thr",
                            encode,
                            log,
                            log / encode);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * Microseconds of wall-clock time per record, spread over the threads: with {@code logDirectory}
     * null only the frame is encoded, else the record is appended to an in-flight log and done.
     */
    private static double measure(int threads, int count, JournalRecord record, Path logDirectory) throws Exception {
        InFlightLog log = logDirectory == null ? null : new InFlightLog(logDirectory);
        AtomicLong checksum = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = count / threads;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < share; i++) {
                        if (log == null) {
                            checksum.addAndGet(SpillJournal.frame(record).remaining());
                        } else {
                            log.done(log.append(record));
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        long began = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - began;
        if (log != null) {
            log.close();
        }
        return elapsed / 1_000.0 / (count / threads * threads);
    }

    /** A record of the bench's request with its nineteen headers, its body padded to the size given. */
    private static JournalRecord record(int bodyBytes) {
        String prompt = "Hello" + "x".repeat(Math.max(0, bodyBytes - 90));
        List<Header> requestHeaders = new ArrayList<>();
        requestHeaders.add(new Header("x-api-key", "****_key"));
        requestHeaders.add(new Header("anthropic-version", "2023-06-01"));
        requestHeaders.add(new Header("content-type", "application/json"));
        requestHeaders.add(new Header("host", "127.0.0.1:3300"));
        requestHeaders.add(new Header("content-length", String.valueOf(bodyBytes)));
        List<Header> responseHeaders = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            responseHeaders.add(new Header("anthropic-ratelimit-header-" + i, "2026-12-07T10:00:00Z"));
        }
        return new JournalRecord(
                UUID.randomUUID(),
                OffsetDateTime.now(ZoneOffset.UTC),
                "POST",
                "/v1/messages",
                null,
                "default",
                "127.0.0.1",
                "demo",
                "ab".repeat(32),
                "127.0.0.1",
                requestHeaders,
                ("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\""
                                + prompt + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8),
                "claude-sonnet-4-5",
                false,
                200,
                responseHeaders,
                ("{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                                + "\"text\":\"Hello! How can I help?\"}],\"model\":\"claude-sonnet-4-5\","
                                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":9,\"output_tokens\":8}}")
                        .getBytes(StandardCharsets.UTF_8),
                List.of(),
                null,
                3,
                null,
                1,
                null,
                null);
    }
}
