package dev.tollgate.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running fake of the Anthropic API on the loopback interface: what tests, benchmarks and the offline
 * demo put behind Tollgate instead of the real service. Start one with {@link #start(int)} in-process, or
 * run {@link #main(String[])} ({@code java -jar upstream-sim.jar --port 8089}).
 *
 * <p>Built on the JDK's own HTTP server so that it needs nothing but JSON-P, with a thread per request:
 * benchmark clients keep dozens of slow streams open at once.
 */
public final class UpstreamSimulator implements AutoCloseable {

    public static final int DEFAULT_PORT = 8089;

    /** Pending connections the OS may queue: a benchmark opens 64 or more connections at once. */
    private static final int ACCEPT_BACKLOG = 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final RequestRecorder recorder;
    private final ScenarioQueue scenarios;
    private final OAuthTokenEndpoint oauth;

    private UpstreamSimulator(
            HttpServer server,
            ExecutorService executor,
            RequestRecorder recorder,
            ScenarioQueue scenarios,
            OAuthTokenEndpoint oauth) {
        this.server = server;
        this.executor = executor;
        this.recorder = recorder;
        this.scenarios = scenarios;
        this.oauth = oauth;
    }

    /**
     * Starts a simulator on {@code 127.0.0.1}.
     *
     * @param port the port to listen on; 0 picks a free one (see {@link #port()})
     */
    public static UpstreamSimulator start(int port) throws IOException {
        // The JDK server leaves Nagle's algorithm on unless told otherwise, which adds ~40 ms to small
        // responses; the property is read when the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        var recorder = new RequestRecorder();
        var scenarios = new ScenarioQueue();
        var oauth = new OAuthTokenEndpoint();
        var router = new SimulatorRouter(
                recorder,
                new MessagesEndpoint(scenarios, recorder, oauth),
                new ModelsEndpoint(),
                oauth,
                new ControlEndpoint(recorder, scenarios, oauth));
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), ACCEPT_BACKLOG);
        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", router);
        server.start();
        return new UpstreamSimulator(server, executor, recorder, scenarios, oauth);
    }

    /** The port the simulator listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL to give a client or the proxy, e.g. {@code http://127.0.0.1:8089}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The last 1000 requests to {@code /v1/*}, oldest first. */
    public List<RecordedRequest> recordedRequests() {
        return recorder.snapshot();
    }

    /** Streams whose client closed the connection before their end (the last 1000), oldest first. */
    public List<AbandonedStream> abandonedStreams() {
        return recorder.abandonedStreams();
    }

    public void clearRecordedRequests() {
        recorder.clear();
    }

    /**
     * Scripts the answer to a coming {@code /v1/messages} or {@code /v1/messages/count_tokens} request.
     * Queued scenarios are used first in first out and win over {@code x-sim-*} request headers.
     */
    public void enqueue(Scenario scenario) {
        scenarios.enqueue(scenario);
    }

    /** Forgets scenarios that no request has used yet. */
    public void clearScenarios() {
        scenarios.clear();
    }

    /** Makes the token endpoint refuse this refresh token with {@code invalid_grant} from now on. */
    public void revokeRefreshToken(String refreshToken) {
        oauth.revokeRefreshToken(refreshToken);
    }

    /**
     * How many refresh-token grants {@code /v1/oauth/token} was asked for since start, granted or
     * refused (the request recorder keeps only the last requests; this counts them all).
     */
    public long refreshGrants() {
        return oauth.refreshGrants();
    }

    /** Makes {@code /v1/messages} answer 401 {@code authentication_error} to this OAuth access token. */
    public void revokeAccessToken(String accessToken) {
        oauth.revokeAccessToken(accessToken);
    }

    /**
     * Makes the next {@code /v1/oauth/token} request fail with this status (400 {@code invalid_grant}, 401
     * {@code invalid_client}, others in the API's error shape, e.g. 429 with {@code retry-after}). Calls
     * queue up: three calls fail the next three requests.
     */
    public void failNextTokenRequest(int status) {
        oauth.failNextRequest(status);
    }

    /** Stops listening at once and abandons responses still in progress. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Runs a simulator until the process is stopped: {@code --port N} (default 8089). */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--port") && i + 1 < args.length) {
                port = parsePort(args[++i]);
            } else if (arg.startsWith("--port=")) {
                port = parsePort(arg.substring("--port=".length()));
            } else {
                System.err.println("usage: java -jar upstream-sim.jar [--port N]   (default " + DEFAULT_PORT + ")");
                System.exit(arg.equals("--help") || arg.equals("-h") ? 0 : 2);
            }
        }
        UpstreamSimulator simulator = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "upstream-sim-shutdown"));
        System.out.println("Upstream simulator listening on " + simulator.baseUrl());
        Thread.currentThread().join(); // serve until the process is stopped
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("--port: expected a port number, got '" + value + "'");
        System.exit(2);
        return -1; // not reached
    }

    /** Daemon threads, so that an in-process simulator never keeps a test JVM alive. */
    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "upstream-sim-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
