package dev.tollgate.cli.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Payara Micro in a child process, running the two WARs. Payara Micro cannot deploy the EAR, so
 * the same code runs as {@code proxy-web.war} (with the engine inside) and {@code dashboard-war.war}.
 */
public final class PayaraMicroProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private PayaraMicroProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param environment variables for Tollgate (DATABASE_URL, CREDENTIALS_DIR, ...), added to this
     *     process's own
     * @param log where Payara's output goes; null to share this process's console
     */
    public static PayaraMicroProcess start(
            RuntimeLayout layout, int port, Path configDirectory, Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(environment));
        command.addAll(List.of("-jar", layout.payaraMicroJar().toString()));
        command.addAll(dataGridOptions(environment, port));
        command.addAll(List.of(
                "--port",
                String.valueOf(port),
                "--deploy",
                layout.proxyWar().toString(),
                "--deploy",
                layout.dashboardWar().toString()));
        Path preBoot = configDirectory == null ? null : configDirectory.resolve("pre-boot-commands.asadmin");
        if (preBoot != null && Files.isRegularFile(preBoot)) {
            command.add("--prebootcommandfile");
            command.add(preBoot.toString());
        }
        Path logging = configDirectory == null ? null : configDirectory.resolve("logging.properties");
        if (logging != null && Files.isRegularFile(logging)) {
            command.add("--logproperties");
            command.add(logging.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        if (log == null) {
            builder.inheritIO();
        } else {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        try {
            return new PayaraMicroProcess(builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException("Payara Micro did not start", e);
        }
    }

    /**
     * The Payara Micro JVM's options: {@code TOLLGATE_HEAP} (default 512m: a bounded heap keeps RSS
     * near 570 MB under load instead of ~1 GB), then {@code TOLLGATE_JAVA_OPTS} (whitespace-separated,
     * e.g. {@code -XX:+UseParallelGC}; see docs/performance.md). Each is taken from the variables given to Tollgate, else
     * from this process's environment.
     */
    static List<String> jvmOptions(Map<String, String> environment) {
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + setting(environment, "TOLLGATE_HEAP", "512m"));
        String extra = setting(environment, "TOLLGATE_JAVA_OPTS", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    /**
     * Payara Micro's data grid: a grid of its own ({@code --nocluster}) unless
     * {@code TOLLGATE_CLUSTER_MEMBERS} lists the grid's members ({@code host:port,...}). Then the
     * instance joins them over TCP/IP, never multicast: on {@code TOLLGATE_CLUSTER_INTERFACE} (default:
     * the first member's host), from port {@code TOLLGATE_CLUSTER_PORT} (default: the lowest member
     * port; Hazelcast takes the next free one, so instances on one host need no port each), in the grid
     * {@code TOLLGATE_CLUSTER_NAME} (default {@code tollgate}). Partitions are not host-aware unless
     * {@code TOLLGATE_CLUSTER_HOST_AWARE=true}: Micro's default keeps no backup at all when all members
     * share a host (ADR 0013).
     */
    public static List<String> dataGridOptions(Map<String, String> environment, int httpPort) {
        String members = setting(environment, "TOLLGATE_CLUSTER_MEMBERS", "").trim();
        if (members.isEmpty()) {
            return List.of("--nocluster");
        }
        List<String> hosts = new ArrayList<>();
        int lowestPort = Integer.MAX_VALUE;
        for (String member : members.split(",")) {
            String trimmed = member.trim();
            int colon = trimmed.lastIndexOf(':');
            int memberPort = colon > 0 ? port(trimmed.substring(colon + 1)) : -1;
            if (memberPort < 0) {
                throw new IllegalArgumentException(
                        "TOLLGATE_CLUSTER_MEMBERS: '" + trimmed + "' is not host:port (e.g. 10.0.0.5:5900)");
            }
            hosts.add(trimmed);
            lowestPort = Math.min(lowestPort, memberPort);
        }
        String firstHost = hosts.get(0).substring(0, hosts.get(0).lastIndexOf(':'));
        String gridPort = setting(environment, "TOLLGATE_CLUSTER_PORT", String.valueOf(lowestPort));
        if (port(gridPort) < 0) {
            throw new IllegalArgumentException("TOLLGATE_CLUSTER_PORT: '" + gridPort + "' is not a port");
        }
        List<String> options = new ArrayList<>(List.of(
                "--clustername",
                setting(environment, "TOLLGATE_CLUSTER_NAME", "tollgate"),
                "--clustermode",
                "tcpip:" + String.join(",", hosts),
                "--interfaces",
                setting(environment, "TOLLGATE_CLUSTER_INTERFACE", firstHost),
                "--startport",
                gridPort,
                "--name",
                setting(environment, "TOLLGATE_INSTANCE_NAME", "tollgate-" + httpPort)));
        options.add(
                "true".equalsIgnoreCase(setting(environment, "TOLLGATE_CLUSTER_HOST_AWARE", "false"))
                        ? "--hostaware"
                        : "--nohostaware");
        return options;
    }

    /** The port, or -1 when the text is not one. */
    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            return port > 0 && port <= 65_535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String setting(Map<String, String> environment, String name, String defaultValue) {
        String value = environment.get(name);
        if (value == null) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? defaultValue : value;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until both applications answer; fails early if Payara exits. */
    public void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Payara Micro exited with code " + process.exitValue() + " during start-up");
            }
            if (answers(client, "/") && answers(client, "/dashboard/")) {
                return;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Payara Micro", e);
            }
        }
        throw new IllegalStateException("Payara Micro did not answer on port " + port + " within " + timeout);
    }

    private boolean answers(HttpClient client, String path) {
        try {
            var response = client.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + path))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            // deployed and answering: a dashboard that asks for a login (401, a redirect) is up too
            int status = response.statusCode();
            return status < 500 && status != 404;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Kills the JVM at once ({@code SIGKILL}, as {@code kill -9}): nothing of it runs any more. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Asks Payara to shut down (the journal drains its queue), then insists after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
