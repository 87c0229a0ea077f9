package dev.tollgate.cli.launch;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code .env} file as CCProxy's users write one ({@code echo "SECURITY__AUTH_TOKEN=..." >> .env}):
 * {@code NAME=value} lines, optionally {@code export NAME=value}; blank lines and {@code #} comments
 * are skipped; a value may be in double quotes (with {@code \n}, {@code \t}, {@code \"} and
 * {@code \\} escapes) or single quotes (taken literally), and an unquoted value ends at
 * {@code " #"}. No {@code ${VAR}} expansion and no values over several lines: a line that is not one
 * of these forms is an error naming the line, so a typo never silently drops a setting.
 *
 * <p>Error messages never repeat the line: it may hold a secret.
 */
public final class DotEnvFile {

    public static final Path DEFAULT = Path.of(".env");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private DotEnvFile() {}

    /**
     * The variables of the file, in file order (a name given twice: the last one); empty if there
     * is no file.
     *
     * @throws InvalidDotEnvException naming the file and line that is wrong
     */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (CharacterCodingException e) {
            throw new InvalidDotEnvException(file, "is not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidDotEnvException(
                    file, "cannot be read: " + e.getClass().getSimpleName());
        }
        return parse(file, lines);
    }

    static Map<String, String> parse(Path file, List<String> lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int index = 0; index < lines.size(); index++) {
            int number = index + 1;
            String line = lines.get(index).strip();
            if (index == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ") || line.startsWith("export\t")) {
                line = line.substring("export".length()).strip();
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new InvalidDotEnvException(file, number, "expected NAME=value (no '=' found)");
            }
            String name = line.substring(0, equals).strip();
            if (!NAME.matcher(name).matches()) {
                throw new InvalidDotEnvException(
                        file,
                        number,
                        "the name before '=' is not a variable name (letters, digits and underscores, not"
                                + " starting with a digit)");
            }
            variables.put(name, value(file, number, line.substring(equals + 1).strip()));
        }
        return variables;
    }

    private static String value(Path file, int number, String text) {
        if (text.isEmpty()) {
            return "";
        }
        char quote = text.charAt(0);
        if (quote != '"' && quote != '\'') {
            int comment = text.indexOf(" #");
            int tabComment = text.indexOf("\t#");
            int end = comment < 0 ? tabComment : tabComment < 0 ? comment : Math.min(comment, tabComment);
            return (end < 0 ? text : text.substring(0, end)).strip();
        }
        StringBuilder value = new StringBuilder();
        int position = 1;
        boolean closed = false;
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == quote) {
                closed = true;
                break;
            }
            if (quote == '"' && c == '\\' && position < text.length()) {
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case '"', '\\', '$' -> value.append(escaped);
                    default -> value.append('\\').append(escaped);
                }
            } else {
                value.append(c);
            }
        }
        if (!closed) {
            throw new InvalidDotEnvException(
                    file,
                    number,
                    "the value's " + (quote == '"' ? "double" : "single")
                            + " quote is not closed on the same line (values over several lines are not supported)");
        }
        String rest = text.substring(position).strip();
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw new InvalidDotEnvException(
                    file, number, "unexpected text after the closing quote (a comment starts with #)");
        }
        return value.toString();
    }
}
