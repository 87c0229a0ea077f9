package dev.tollgate.it.ear;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A Payara Server domain of its own, driven with {@code asadmin} the way an operator drives it. Every
 * {@code asadmin} call writes its output to a numbered file in the log directory; the server writes
 * {@code <domains>/<name>/logs/server.log}.
 */
final class PayaraServerDomain {

    /**
     * Offsets from the port base of the ports a domain opens: GlassFish's {@code --portbase} scheme plus
     * Payara's data grid (Hazelcast DAS +49, start +59), as {@code create-domain} reports them.
     */
    private static final int[] PORT_OFFSETS = {9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86};

    private static final int ADMIN_OFFSET = 48;
    private static final int HTTP_OFFSET = 80;

    /** Numbers the output files of all asadmin calls of a run in order. */
    private static final AtomicInteger COMMAND_COUNT = new AtomicInteger();

    private final Path payaraHome;
    private final Path domainsDirectory;
    private final String name;
    private final int portBase;
    private final Path logDirectory;

    /** Variables given to {@link #start}: kept out of every later asadmin call, so that none passes them on. */
    private Set<String> tollgateVariables = Set.of();

    private PayaraServerDomain(Path payaraHome, Path domainsDirectory, String name, int portBase, Path logDirectory) {
        this.payaraHome = payaraHome;
        this.domainsDirectory = domainsDirectory;
        this.name = name;
        this.portBase = portBase;
        this.logDirectory = logDirectory;
    }

    /**
     * Creates a fresh domain (removing one a previous run left behind) on the first port base from
     * {@code firstPortBase} upwards whose ports are all free.
     */
    static PayaraServerDomain create(Path payaraHome, Path workDirectory, String name, int firstPortBase)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(payaraHome.resolve("bin/asadmin"))) {
            throw new IllegalStateException("no Payara Server at " + payaraHome
                    + " (the pre-integration-test phase of proxy-it unpacks it: run ./mvnw verify)");
        }
        Path domains = workDirectory.resolve("domains");
        Path logs = Files.createDirectories(workDirectory.resolve("logs"));
        cleanLogs(logs);
        if (Files.isDirectory(domains.resolve(name))) {
            // a run that died before its clean-up may have left the server running
            var leftover = new PayaraServerDomain(payaraHome, domains, name, 0, logs);
            leftover.asadminQuietly(
                    Duration.ofMinutes(2), "stop-domain", "--kill=true", "--domaindir", domains.toString(), name);
            deleteRecursively(domains);
        }
        // and its instances: they run on after the server has stopped
        Path node = localNodeDirectory(payaraHome, name);
        if (Files.isDirectory(node)) {
            killInstances(node);
            deleteRecursively(node);
        }
        Files.createDirectories(domains);
        var domain = new PayaraServerDomain(payaraHome, domains, name, freePortBases(firstPortBase, 1), logs);
        domain.asadmin(
                Duration.ofMinutes(3),
                Map.of(),
                "create-domain",
                "--nopassword",
                "--portbase",
                String.valueOf(domain.portBase),
                "--domaindir",
                domains.toString(),
                name);
        return domain;
    }

    /**
     * Starts the domain; the server JVM inherits {@code environment} from {@code asadmin} (MicroProfile Config
     * reads it as environment variables).
     */
    void start(Map<String, String> environment) throws IOException, InterruptedException {
        tollgateVariables = Set.copyOf(environment.keySet());
        asadmin(Duration.ofMinutes(5), environment, "start-domain", "--domaindir", domainsDirectory.toString(), name);
    }

    /**
     * Runs the operations guide's {@code config/payara-server/configure-domain.sh} against the running domain,
     * as an operator does: {@code configure-domain.sh [options...] <asadmin> --port <admin port>}.
     */
    void configure(Path script, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("sh");
        command.add(script.toAbsolutePath().toString());
        command.addAll(List.of(options));
        command.add(payaraHome.resolve("bin/asadmin").toAbsolutePath().toString());
        command.add("--port");
        command.add(String.valueOf(adminPort()));
        Outcome outcome = execute(Duration.ofMinutes(5), Map.of(), command, "configure-domain");
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException(
                    script + " failed; its output (" + outcome.output() + "):\n" + tail(outcome.output(), 40));
        }
    }

    /**
     * Restarts the domain with {@code asadmin restart-domain}, from an environment without Tollgate's variables:
     * the new server JVM inherits them from the old one.
     */
    void restart() throws IOException, InterruptedException {
        asadmin(Duration.ofMinutes(5), Map.of(), "restart-domain", "--domaindir", domainsDirectory.toString(), name);
    }

    void deploy(Path archive, String applicationName) throws IOException, InterruptedException {
        deploy(archive, applicationName, "server");
    }

    /** Deploys to {@code target}: the server, an instance or a deployment group. */
    void deploy(Path archive, String applicationName, String target) throws IOException, InterruptedException {
        administer(
                Duration.ofMinutes(8),
                "deploy",
                "--target",
                target,
                "--name",
                applicationName,
                archive.toAbsolutePath().toString());
    }

    /** Runs {@code asadmin --port <admin port> arguments...} against the running server; fails if it fails. */
    void administer(Duration timeout, String... arguments) throws IOException, InterruptedException {
        String[] withPort = new String[arguments.length + 2];
        withPort[0] = "--port";
        withPort[1] = String.valueOf(adminPort());
        System.arraycopy(arguments, 0, withPort, 2, arguments.length);
        asadmin(timeout, Map.of(), withPort);
    }

    /** Stops the instances of a deployment group, killing them if they do not stop in time; never throws. */
    void stopDeploymentGroup(String group) {
        asadminQuietly(Duration.ofMinutes(3), "--port", String.valueOf(adminPort()), "stop-deployment-group", group);
        killInstances(localNodeDirectory(payaraHome, name));
    }

    /** The log of an instance on this domain's own node ({@code localhost-<domain>}). */
    Path instanceLog(String instance) {
        return localNodeDirectory(payaraHome, name).resolve(instance).resolve("logs/server.log");
    }

    /** Stops the server, killing it if it does not stop in time; never throws. */
    void stop() {
        int exit =
                asadminQuietly(Duration.ofMinutes(2), "stop-domain", "--domaindir", domainsDirectory.toString(), name);
        if (exit != 0) {
            asadminQuietly(
                    Duration.ofMinutes(1),
                    "stop-domain",
                    "--kill=true",
                    "--domaindir",
                    domainsDirectory.toString(),
                    name);
        }
    }

    /** The environment of the running server JVM as the kernel sees it, or an empty map off Linux. */
    Map<String, String> serverEnvironment() throws IOException {
        Path pidFile = domainsDirectory.resolve(name).resolve("config/pid");
        Map<String, String> environment = new HashMap<>();
        if (!Files.isRegularFile(pidFile)) {
            return environment;
        }
        Path environ = Path.of("/proc", Files.readString(pidFile).trim(), "environ");
        if (!Files.isReadable(environ)) {
            return environment;
        }
        for (String entry : new String(Files.readAllBytes(environ), StandardCharsets.UTF_8).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return environment;
    }

    int portBase() {
        return portBase;
    }

    int adminPort() {
        return portBase + ADMIN_OFFSET;
    }

    int httpPort() {
        return portBase + HTTP_OFFSET;
    }

    String httpUrl() {
        return "http://localhost:" + httpPort();
    }

    Path serverLog() {
        return domainsDirectory.resolve(name).resolve("logs/server.log");
    }

    private int asadminQuietly(Duration timeout, String... arguments) {
        try {
            return run(timeout, Map.of(), arguments).exitCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void asadmin(Duration timeout, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        Outcome outcome = run(timeout, environment, arguments);
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException("asadmin " + String.join(" ", arguments) + " "
                    + (outcome.exitCode() == Integer.MIN_VALUE ? "timed out after " + timeout : "failed")
                    + "; its output (" + outcome.output() + "):\n" + tail(outcome.output(), 30)
                    + "\nserver.log (" + serverLog() + "), last lines:\n" + tail(serverLog(), 60));
        }
    }

    private record Outcome(int exitCode, Path output) {}

    private Outcome run(Duration timeout, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        // through sh: the unpacked script may have lost its executable bit
        command.add("sh");
        command.add(payaraHome.resolve("bin/asadmin").toAbsolutePath().toString());
        command.add("--interactive=false");
        command.addAll(List.of(arguments));
        return execute(timeout, environment, command, subcommand(arguments));
    }

    private Outcome execute(Duration timeout, Map<String, String> environment, List<String> command, String label)
            throws IOException, InterruptedException {
        Path output =
                logDirectory.resolve(String.format("asadmin-%02d-%s.log", COMMAND_COUNT.incrementAndGet(), label));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logDirectory.toFile())
                .redirectErrorStream(true)
                // a file, not a pipe: the server started by start-domain may hold on to inherited handles
                .redirectOutput(output.toFile());
        Map<String, String> inherited = builder.environment();
        inherited.keySet().removeIf(key -> key.startsWith("TOLLGATE_") || tollgateVariables.contains(key));
        inherited.putAll(environment);
        Files.writeString(output, "");
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            return new Outcome(Integer.MIN_VALUE, output);
        }
        return new Outcome(process.exitValue(), output);
    }

    private static String subcommand(String... arguments) {
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i].equals("--port")) {
                i++;
            } else if (!arguments[i].startsWith("-")) {
                return arguments[i];
            }
        }
        return "asadmin";
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.isRegularFile(file)) {
                return "(no file)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /**
     * The first of {@code count} port bases 100 apart, from {@code first} upwards, whose ports are all free
     * (instance i of a deployment group gets the i-th).
     */
    static int freePortBases(int first, int count) {
        for (int base = first; base + 100 * count < 65_000; base += 100) {
            int candidate = base;
            if (IntStream.range(0, count).allMatch(i -> allFree(candidate + 100 * i))) {
                return base;
            }
        }
        throw new IllegalStateException(
                "no " + count + " port base(s) from " + first + " upwards have all their ports free");
    }

    /** Where {@code create-domain} puts the domain's own node, {@code localhost-<domain>}, and its instances. */
    private static Path localNodeDirectory(Path payaraHome, String domain) {
        return payaraHome.resolve("glassfish/nodes/localhost-" + domain);
    }

    /** Kills every instance JVM whose pid file is under the node directory. */
    private static void killInstances(Path node) {
        if (!Files.isDirectory(node)) {
            return;
        }
        try (Stream<Path> instances = Files.list(node)) {
            for (Path pidFile :
                    instances.map(instance -> instance.resolve("config/pid")).toList()) {
                if (Files.isRegularFile(pidFile)) {
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                            .ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // nothing more to do for a test's clean-up
        }
    }

    private static boolean allFree(int base) {
        for (int offset : PORT_OFFSETS) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), base + offset));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void cleanLogs(Path logs) throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * An API-key account file in a new 0700 {@code credentials} directory under {@code work}, as
     * {@code docs/operations.md} has them (directories 0700, files 0600); returns the directory.
     */
    static Path credentialsDirectory(Path work, String accountId, String apiKey) throws IOException {
        Path credentials = privateDirectory(work.resolve("credentials"));
        Path accountFile = credentials.resolve(accountId + ".credentials.json");
        Files.writeString(
                accountFile,
                "{\"type\":\"api_key\",\"accountId\":\"" + accountId + "\",\"api_key\":\"" + apiKey + "\"}");
        Files.setPosixFilePermissions(accountFile, PosixFilePermissions.fromString("rw-------"));
        return credentials;
    }

    /** {@code directory}, created if missing, mode 0700. */
    static Path privateDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return directory;
    }

    /** The environment as a new 0600 {@code KEY=value} file for {@code configure-domain.sh --env-file}. */
    static Path environmentFile(Path file, Map<String, String> environment) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        StringBuilder lines = new StringBuilder();
        environment.forEach(
                (key, value) -> lines.append(key).append('=').append(value).append('\n'));
        return Files.writeString(file, lines);
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
