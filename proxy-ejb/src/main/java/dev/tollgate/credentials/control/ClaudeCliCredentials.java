package dev.tollgate.credentials.control;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where Claude CLI credentials are and which accounts {@code CLAUDE_CLI_CREDENTIALS} makes of them.
 *
 * <p>The setting is a comma-separated list of {@code [name=]path} entries: {@code path} is a file
 * {@code claude /login} wrote (a leading {@code ~} is the home directory), or {@code auto} for the
 * first of {@link #wellKnownFiles} that exists, looked up at every rescan so that a login after the
 * start is found. An entry without a name is the account {@value #DEFAULT_NAME}.
 */
public final class ClaudeCliCredentials {

    public static final String DEFAULT_NAME = "claude-cli";
    public static final String AUTO = "auto";

    /** The account names {@code MSL-Account} accepts: a name must be pinnable. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._:-]{0,127}");

    /**
     * One configured account: a fixed file, or (file null) the first well-known file that exists.
     *
     * @param name the account's name, as {@code MSL-Account} pins it and the journal records it
     */
    public record Source(String name, Path file) {

        /** The file to read now, if there is one. */
        public Optional<Path> resolve(Path home) {
            return file != null ? Optional.of(file) : discover(home);
        }
    }

    private ClaudeCliCredentials() {}

    /**
     * Where {@code claude /login} writes, in the order looked at: {@code ~/.claude/.credentials.json}
     * (Claude Code on Linux), then CCProxy's two spellings {@code ~/.claude/credentials.json} and
     * {@code ~/.config/claude/credentials.json}.
     */
    public static List<Path> wellKnownFiles(Path home) {
        return List.of(
                home.resolve(".claude").resolve(".credentials.json"),
                home.resolve(".claude").resolve("credentials.json"),
                home.resolve(".config").resolve("claude").resolve("credentials.json"));
    }

    public static Optional<Path> discover(Path home) {
        return wellKnownFiles(home).stream().filter(Files::isRegularFile).findFirst();
    }

    /**
     * @throws IllegalArgumentException naming the entry that is wrong (a setting holds paths and
     *     names, never secrets, so the message may repeat them)
     */
    public static List<Source> parse(String setting, Path home) {
        List<Source> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        if (setting == null || setting.isBlank()) {
            return sources;
        }
        for (String raw : setting.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String name = equals < 0 ? DEFAULT_NAME : entry.substring(0, equals).strip();
            String location = equals < 0 ? entry : entry.substring(equals + 1).strip();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("CLAUDE_CLI_CREDENTIALS: account name '" + name
                        + "' must match [a-zA-Z0-9][a-zA-Z0-9._:-]* (at most 128 characters)");
            }
            if (location.isEmpty()) {
                throw new IllegalArgumentException("CLAUDE_CLI_CREDENTIALS: entry '" + entry + "' has no path");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("CLAUDE_CLI_CREDENTIALS: account name '" + name
                        + "' is used twice; give each file its own name (name=path)");
            }
            sources.add(new Source(name, location.equalsIgnoreCase(AUTO) ? null : expandHome(location, home)));
        }
        return sources;
    }

    static Path expandHome(String location, Path home) {
        if (location.equals("~")) {
            return home;
        }
        if (location.startsWith("~/")) {
            return home.resolve(location.substring(2));
        }
        return Path.of(location);
    }
}
