package dev.tollgate.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Real clients from the npm registry, installed once into a cache that outlives {@code target/}
 * ({@code ~/.cache/tollgate-it/npm}, or {@code tollgate.npm.cache}), so a second run needs no
 * network. When npm is missing or the registry unreachable the package is absent, and the tests
 * that need it are skipped with the reason, never passed.
 */
final class NpmPackages {

    private static final Path CACHE = Path.of(
            System.getProperty("tollgate.npm.cache", System.getProperty("user.home") + "/.cache/tollgate-it/npm"));

    private NpmPackages() {}

    /**
     * @param name the package, e.g. {@code @anthropic-ai/sdk}
     * @return the directory whose {@code node_modules} holds it, or why it could not be installed
     */
    static Installed install(String name, String version) {
        Path prefix = CACHE.resolve(name.replace('/', '_').replace("@", "") + "-" + version);
        if (Files.isRegularFile(prefix.resolve("node_modules").resolve(name).resolve("package.json"))) {
            return new Installed(Optional.of(prefix), "cached");
        }
        Path log = Path.of("target", "npm-" + prefix.getFileName() + ".log");
        try {
            Files.createDirectories(prefix);
            Process npm = new ProcessBuilder(List.of(
                            "npm",
                            "install",
                            "--prefix",
                            prefix.toString(),
                            name + "@" + version,
                            "--no-audit",
                            "--no-fund",
                            "--fetch-timeout=20000",
                            "--fetch-retries=1"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!npm.waitFor(240, TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                return missing(name, version, "npm install timed out (see " + log + ")");
            }
            if (npm.exitValue() != 0) {
                return missing(name, version, "npm install failed with " + npm.exitValue() + " (see " + log + ")");
            }
        } catch (IOException e) {
            return missing(name, version, "npm could not be run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return missing(name, version, "interrupted");
        }
        return new Installed(Optional.of(prefix), "installed");
    }

    private static Installed missing(String name, String version, String reason) {
        String message = name + "@" + version + " is not available, so its tests are SKIPPED: " + reason;
        System.err.println("[npm] " + message); // visible in the build log, not only in the report
        return new Installed(Optional.empty(), message);
    }

    /** Where the package is, or why it is not. */
    record Installed(Optional<Path> prefix, String reason) {}
}
