package dev.tollgate.it;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real client from npm (Claude Code, the TypeScript SDK), installed at a pinned version into a cache
 * that outlives the build ({@code ~/.cache/tollgate-it/npm}, or {@code -Dtollgate.npm.cache.dir}), so
 * that only the first run on a machine pays for the download.
 *
 * <p>A cached install is used without asking the network. Otherwise the registry is asked, with a short
 * timeout, whether it serves the pinned version: when npm is missing or the registry cannot be reached,
 * the calling test is <em>skipped</em> (a JUnit assumption, with the reason, also printed), never passed.
 * A registry that answers but does not have the version, or an install that fails, fails the test: those
 * are mistakes to fix, not an offline machine.
 *
 * <p>Call it before each test (not once per class): JUnit reports a class whose {@code @BeforeAll}
 * aborts as zero tests run, while an abort in {@code @BeforeEach} shows every test as skipped. The
 * answer is remembered for the run, so npm is asked once, and one unreachable registry skips every
 * later npm-based test at once instead of waiting for the timeout again.
 *
 * <p>An install goes into a fresh directory that is renamed into place only once it is complete and
 * checked, so an interrupted run never leaves a half-installed package that a later run would trust.
 */
final class NpmPackage {

    /** Long enough for a slow registry, short enough that an offline machine skips quickly. */
    private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(20);

    /** Claude Code is 235 MB: 7 s here with an empty npm cache, 3 s with a warm one. */
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    /** Written last, after the installed version was checked: its presence means "complete". */
    private static final String COMPLETE_MARKER = ".tollgate-it-installed";

    /** Packages already found or installed in this run, by name@version. */
    private static final Map<String, Path> INSTALLED = new HashMap<>();

    /** Why npm cannot be used in this run, once that is known; null while it may be. */
    private static String unavailable;

    private NpmPackage() {}

    /**
     * The directory npm installed the package into (its {@code node_modules} and {@code node_modules/.bin}
     * are below it), installing it first when the cache does not hold that version.
     */
    static synchronized Path require(String name, String version) {
        Path known = INSTALLED.get(name + "@" + version);
        if (known != null) {
            return known;
        }
        if (unavailable != null) {
            skip(unavailable);
        }
        Path prefix = findOrInstall(name, version);
        INSTALLED.put(name + "@" + version, prefix);
        return prefix;
    }

    private static Path findOrInstall(String name, String version) {
        Path cache = Path.of(System.getProperty(
                "tollgate.npm.cache.dir", System.getProperty("user.home") + "/.cache/tollgate-it/npm"));
        Path prefix = cache.resolve(name.replace("@", "").replace('/', '-') + "-" + version);
        if (isComplete(prefix, name, version)) {
            log("using " + name + "@" + version + " cached in " + prefix + " (no network needed)");
            return prefix;
        }
        Path npm = onPath("npm");
        if (npm == null) {
            skipFromNowOn("npm is not installed, so " + name + "@" + version + " cannot be installed");
        }
        checkRegistryServes(npm, name, version);
        long started = System.nanoTime();
        install(npm, cache, prefix, name, version);
        log("installed " + name + "@" + version + " into " + prefix + " in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        return prefix;
    }

    /** The version npm installed, read from the package's own package.json; null when absent. */
    static String installedVersion(Path prefix, String name) {
        Path manifest = prefix.resolve("node_modules").resolve(name).resolve("package.json");
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(manifest)) {
            JsonObject json = Json.createReader(in).readObject();
            return json.getString("version", null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isComplete(Path prefix, String name, String version) {
        return Files.isRegularFile(prefix.resolve(COMPLETE_MARKER)) && version.equals(installedVersion(prefix, name));
    }

    private static void checkRegistryServes(Path npm, String name, String version) {
        Result view;
        try {
            view = run(
                    // no retries: a refused connection answers at once, and only a silent network waits the timeout
                    List.of(npm.toString(), "view", "--fetch-retries=0", name + "@" + version, "version"),
                    null,
                    REGISTRY_TIMEOUT,
                    Files.createTempFile("npm-view-", ".log"));
        } catch (IOException e) {
            skipFromNowOn("npm could not be run (" + e.getMessage() + "), so " + name + "@" + version
                    + " cannot be installed");
            return;
        }
        if (view.timedOut()) {
            skipFromNowOn("the npm registry did not answer within " + REGISTRY_TIMEOUT.toSeconds() + " s (npm view "
                    + name + "@" + version + "): no network, so this real-client test cannot run");
        }
        if (view.exitCode() != 0) {
            if (view.output().contains("E404") || view.output().contains("ETARGET")) {
                fail("the npm registry answered but has no " + name + "@" + version + ": fix the pin\n"
                        + view.output());
            }
            skipFromNowOn("the npm registry cannot be reached (npm view " + name + "@" + version + " exited "
                    + view.exitCode() + "): " + errorSummary(view.output()));
        }
        if (!view.output().trim().endsWith(version)) {
            fail("npm view " + name + "@" + version + " answered '"
                    + view.output().trim() + "'");
        }
    }

    private static void install(Path npm, Path cache, Path prefix, String name, String version) {
        Path staging = cache.resolve(".staging-" + UUID.randomUUID());
        Path log = cache.resolve(prefix.getFileName() + ".install.log");
        try {
            Files.createDirectories(staging);
            // a package.json of its own, so npm installs here and not into a parent directory's project
            Files.writeString(
                    staging.resolve("package.json"),
                    "{\"name\":\"tollgate-it-client\",\"private\":true}\n",
                    StandardCharsets.UTF_8);
            log("installing " + name + "@" + version + " with npm (log: " + log + ")");
            Result result = run(
                    List.of(
                            npm.toString(),
                            "install",
                            "--save-exact",
                            "--no-audit",
                            "--no-fund",
                            "--prefix",
                            staging.toString(),
                            name + "@" + version),
                    staging,
                    INSTALL_TIMEOUT,
                    log);
            if (result.timedOut() || result.exitCode() != 0) {
                fail("npm install " + name + "@" + version + (result.timedOut() ? " timed out" : " failed") + "; see "
                        + log + "\n" + errorSummary(result.output()));
            }
            String installed = installedVersion(staging, name);
            if (!version.equals(installed)) {
                fail("npm installed " + name + " " + installed + " instead of the pinned " + version);
            }
            Files.writeString(staging.resolve(COMPLETE_MARKER), name + "@" + version + "\n");
            if (Files.exists(prefix)) {
                deleteTree(prefix); // an incomplete or other version left by an older run
            }
            Files.move(staging, prefix, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            fail("could not install " + name + "@" + version + " into " + prefix + ": " + e);
        } finally {
            if (Files.exists(staging)) {
                try {
                    deleteTree(staging);
                } catch (IOException e) {
                    log("could not remove " + staging + ": " + e.getMessage());
                }
            }
        }
    }

    /** An executable of that name on the PATH, or null. */
    static Path onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory).resolve(executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    record Result(int exitCode, boolean timedOut, String output) {}

    private static Result run(List<String> command, Path directory, Duration timeout, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile());
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        // the developer's npm settings (registry, proxy, cache) apply; nothing from the SDK environment does
        builder.environment().keySet().removeIf(variable -> variable.startsWith("ANTHROPIC_"));
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, true, Files.readString(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        }
        return new Result(process.exitValue(), false, Files.readString(log));
    }

    /** The line that says what went wrong: npm's error code or reason, else the last line. */
    private static String errorSummary(String output) {
        List<String> lines = output.strip().lines().toList();
        return lines.stream()
                .filter(line -> line.startsWith("npm error code") || line.contains("reason:"))
                .reduce((first, second) -> first + "; " + second)
                .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1));
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void skipFromNowOn(String reason) {
        unavailable = reason;
        skip(reason);
    }

    private static void skip(String reason) {
        log("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    private static void log(String message) {
        System.out.println("[real clients] " + message);
    }
}
