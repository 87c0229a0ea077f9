package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.launch.PayaraMicroProcess;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Event streams do not hold the servlet container's request threads (ADR 0012): with Payara's
 * {@code http-thread-pool} cut to {@value #HTTP_THREADS} threads, twice as many streams are in
 * flight at once, and streams past {@code tollgate.streams.max-threads} are still relayed whole
 * (on the request thread, as before).
 */
class StreamThreadsIT {

    private static final int HTTP_THREADS = 5;
    private static final int STREAM_THREADS = 12;
    private static final long FIRST_EVENT_DELAY_MILLIS = 3000;

    private static OwnStack stack;
    private static PayaraMicroProcess tollgate;

    /** One stream as the client saw it: when its headers came, when its first line, and its lines. */
    record Seen(int status, long headersAtNanos, long firstLineAtNanos, List<String> lines) {}

    @BeforeAll
    static void start() throws Exception {
        stack = OwnStack.create("stream-threads");
        Files.writeString(
                stack.credentials().resolve("streams.credentials.json"),
                "{\"type\":\"api_key\",\"accountId\":\"acc_streams\",\"api_key\":\"sk-ant-api03-streams-it-key\"}");
        Path config = copyOfConfigWithFewHttpThreads(stack.work().resolve("config"));
        tollgate = stack.startTollgate(
                stack.work().resolve("payara-micro-stream-threads.log"),
                Map.of(
                        "SECURITY__AUTH_TOKEN",
                        Http.CLIENT_KEY,
                        "TOLLGATE_STREAMS_MAX_THREADS",
                        String.valueOf(STREAM_THREADS)),
                config);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void moreStreamsThanRequestThreadsAreInFlightAtOnce() throws Exception {
        List<Seen> streams = streamConcurrently(STREAM_THREADS);

        // every stream's headers came before any stream's first event: all were relayed at the
        // same time, where a thread per stream from a pool of 5 would have made the sixth wait
        // for the first to end (3 s of thinking later)
        long lastHeaders =
                streams.stream().mapToLong(Seen::headersAtNanos).max().orElseThrow();
        long firstEvent =
                streams.stream().mapToLong(Seen::firstLineAtNanos).min().orElseThrow();
        assertThat(lastHeaders).isLessThan(firstEvent);
        streams.forEach(StreamThreadsIT::assertComplete);
    }

    @Test
    void streamsPastTheThreadLimitAreStillRelayedWhole() throws Exception {
        List<Seen> streams = streamConcurrently(STREAM_THREADS + 2 * HTTP_THREADS);

        streams.forEach(StreamThreadsIT::assertComplete);
    }

    private static void assertComplete(Seen stream) {
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.lines()).startsWith("event: message_start").contains("event: message_stop");
    }

    private static List<Seen> streamConcurrently(int count) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(count);
        try {
            List<Future<Seen>> futures = new ArrayList<>();
            CompletableFuture<Void> go = new CompletableFuture<>();
            for (int i = 0; i < count; i++) {
                futures.add(clients.submit(() -> {
                    go.join();
                    return stream();
                }));
            }
            go.complete(null);
            List<Seen> seen = new ArrayList<>();
            for (Future<Seen> future : futures) {
                seen.add(future.get());
            }
            return seen;
        } finally {
            clients.shutdownNow();
        }
    }

    private static Seen stream() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(120))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-api-key", Http.CLIENT_KEY)
                .header("x-sim-first-event-delay-ms", String.valueOf(FIRST_EVENT_DELAY_MILLIS))
                .POST(HttpRequest.BodyPublishers.ofString(Http.STREAM_BODY))
                .build();
        HttpResponse<InputStream> response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long headersAt = System.nanoTime();
        List<String> lines = new ArrayList<>();
        long firstLineAt = 0;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (firstLineAt == 0) {
                    firstLineAt = System.nanoTime();
                }
                if (line.startsWith("event:")) {
                    lines.add(line);
                }
            }
        }
        return new Seen(response.statusCode(), headersAt, firstLineAt, lines);
    }

    /** The repository's Payara settings with a request thread pool of {@value #HTTP_THREADS}. */
    private static Path copyOfConfigWithFewHttpThreads(Path target) throws Exception {
        Path source = Path.of(System.getProperty("tollgate.config.dir", "../config"));
        Files.createDirectories(target);
        for (String file : List.of("pre-boot-commands.asadmin", "logging.properties")) {
            Files.copy(source.resolve(file), target.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(
                target.resolve("pre-boot-commands.asadmin"),
                "set configs.config.server-config.thread-pools.thread-pool.http-thread-pool.min-thread-pool-size=2\n"
                        + "set configs.config.server-config.thread-pools.thread-pool.http-thread-pool"
                        + ".max-thread-pool-size=" + HTTP_THREADS + "\n",
                StandardOpenOption.APPEND);
        return target;
    }
}
