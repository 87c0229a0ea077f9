package dev.tollgate.journal.control;

import dev.tollgate.messages.entity.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in headers, and in bodies, error texts and log lines, before they are stored or
 * logged: only the scheme and the last four characters remain, enough to tell two keys apart and
 * never enough to use one.
 */
public final class SecretMasking {

    static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie", "x-dashboard-key");

    private SecretMasking() {}

    /** Authorization schemes whose name may stay readable in front of the masked credential. */
    static final Set<String> AUTH_SCHEMES = Set.of("bearer", "basic", "token", "digest");

    public static List<Header> maskHeaders(List<Header> headers) {
        List<Header> masked = new ArrayList<>(headers.size());
        for (Header header : headers) {
            masked.add(
                    SECRET_HEADERS.contains(header.lowerCaseName())
                            ? new Header(header.name(), mask(header.value()))
                            : header);
        }
        return masked;
    }

    /** {@code Bearer sk-ant-...wxyz} becomes {@code Bearer ****wxyz}; short values become {@code ****}. */
    public static String mask(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String scheme = "";
        String secret = value;
        int space = value.indexOf(' ');
        if (space > 0 && AUTH_SCHEMES.contains(value.substring(0, space).toLowerCase(Locale.ROOT))) {
            scheme = value.substring(0, space + 1);
            secret = value.substring(space + 1);
        }
        return scheme + (secret.length() >= 16 ? "****" + secret.substring(secret.length() - 4) : "****");
    }

    /** JSON field names whose string value is a credential, matched whatever their case and separator. */
    private static final String SECRET_FIELDS = "(?i:(?:x[-_]?)?api[-_]?key|access[-_]?token|refresh[-_]?token"
            + "|id[-_]?token|auth[-_]?token|client[-_]?secret|password|passwd|(?:proxy[-_]?)?authorization)";

    /**
     * Everything {@link #maskText} looks for, in one pattern so that a body is scanned once. A JSON
     * field is matched only up to the opening quote of its value: the value itself is scanned by
     * hand ({@link #endOfJsonString}), since a regex loop over a 100 KB string would recurse that
     * deep in {@code java.util.regex}.
     */
    private static final Pattern SECRETS_IN_TEXT = Pattern.compile(
            // the first characters of the alternatives: most positions of a body fail on this one test
            // (and the word boundary in front of "bearer" and the keys is checked in code, after a match)
            "(?=[\"\\\\bBsc])(?:"
                    // "api_key": "   as in a JSON body; \"api_key\":\"   as in JSON held in a JSON
                    // string (a tool result, an error text), and so on at any depth (\\\" ...)
                    + "(?<field>(?<slashes>\\\\*)\"" + SECRET_FIELDS + "\\k<slashes>\"\\s*:\\s*\\k<slashes>\")"
                    // Bearer <token>, as in a logged header
                    + "|(?<bearer>[Bb](?i:earer)[ \\t]+)(?<bearerToken>[A-Za-z0-9._~+/-]{8,}=*)"
                    // Anthropic API keys and OAuth tokens (sk-ant-api03-, -oat01-, -ort01-, ...), client keys
                    + "|(?<token>sk-ant-[A-Za-z0-9_-]+|cnp_(?:live|test)_[A-Za-z0-9_-]+))");

    /**
     * The text with every credential in it masked: Anthropic keys and tokens ({@code sk-ant-...}),
     * client keys ({@code cnp_live_...}, {@code cnp_test_...}), {@code Bearer} credentials, and the
     * string values of JSON fields such as {@code api_key}, {@code access_token}, {@code password} or
     * {@code authorization} (also in JSON held in a JSON string). Only the contents of strings
     * change, so a JSON body stays valid JSON; text without credentials comes back as the same
     * instance. One pass over the text, no JSON parsing.
     */
    public static String maskText(String text) {
        return maskText(text, SecretMasking::findFromCandidates);
    }

    /**
     * {@link #maskText} with the regex tried at every position ({@link Matcher#find(int)}): what the
     * candidate scan must agree with, kept for the tests that check it does.
     */
    static String maskTextScanningEveryPosition(String text) {
        return maskText(text, (matcher, ignored, from) -> matcher.find(from));
    }

    /** Puts the matcher on the first match at or after {@code from}; false when there is none. */
    @FunctionalInterface
    interface MatchFinder {
        boolean find(Matcher matcher, String text, int from);
    }

    private static String maskText(String text, MatchFinder finder) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher matcher = SECRETS_IN_TEXT.matcher(text);
        StringBuilder masked = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && finder.find(matcher, text, from)) {
            if (continuesAWord(text, matcher.start())
                    && (matcher.start("bearer") >= 0
                            || matcher.start("token") >= 0
                                    && matcher.group("token").length() < 32)) {
                // "abearer", "task-ant-farm": not the word bearer, not a key; but a long key glued to
                // something before it (as in "key%3Dsk-ant-api03-...") is still a key
                from = matcher.start() + 1;
                continue;
            }
            String replacement;
            int start;
            int end;
            if (matcher.start("field") >= 0) {
                start = matcher.end();
                end = endOfJsonString(text, start, matcher.group("slashes").length());
                replacement = maskJsonStringContent(text.substring(start, end));
            } else if (matcher.start("bearerToken") >= 0) {
                start = matcher.start("bearerToken");
                end = matcher.end("bearerToken");
                String token = matcher.group("bearerToken");
                replacement = looksLikeACredential(token) ? maskSecret(token) : token;
            } else {
                start = matcher.start("token");
                end = matcher.end("token");
                replacement = maskSecret(matcher.group("token"));
            }
            if (!replacement.contentEquals(text.subSequence(start, end))) {
                if (masked == null) {
                    masked = new StringBuilder(text.length());
                }
                masked.append(text, copied, start).append(replacement);
                copied = end;
            }
            from = Math.max(end, matcher.end());
        }
        if (masked == null) {
            return text;
        }
        return masked.append(text, copied, text.length()).toString();
    }

    /**
     * Like {@link Matcher#find(int)}, but the regex is tried only where a match can begin: a quote
     * or backslashes before a quote, followed by the first letter of a secret field's name; "bearer"
     * in any case; "sk-ant-"; "cnp_". Any other position fails the regex's first steps, and a loop
     * over characters rejects it far cheaper than the regex engine does (the bench's request, answer
     * and log line: 3-4 instead of 21-22 us, of the ~120 us a row costs the journal's writer;
     * docs/performance.md). Same matches, in the same order: each candidate is tried in turn, the
     * first that matches is the leftmost match.
     */
    private static boolean findFromCandidates(Matcher matcher, String text, int from) {
        int length = text.length();
        for (int i = from; i < length; i++) {
            boolean candidate;
            switch (text.charAt(i)) {
                case '\\', '"' -> {
                    int quote = i;
                    while (quote < length && text.charAt(quote) == '\\') {
                        quote++;
                    }
                    candidate = quote + 1 < length
                            && text.charAt(quote) == '"'
                            && FIELD_INITIALS.indexOf(text.charAt(quote + 1) | 0x20) >= 0;
                    if (!candidate) {
                        i = Math.max(i, quote - 1); // none of these backslashes starts a field either
                        continue;
                    }
                }
                case 'b', 'B' -> candidate = text.regionMatches(true, i + 1, "earer", 0, 5);
                case 's' -> candidate = text.startsWith("k-ant-", i + 1);
                case 'c' -> candidate = text.startsWith("np_", i + 1);
                default -> candidate = false;
            }
            if (candidate && matcher.region(i, length).lookingAt()) {
                return true;
            }
        }
        return false;
    }

    /** The first letters of the names in {@link #SECRET_FIELDS}, in lower case. */
    private static final String FIELD_INITIALS = "xaricp";

    /**
     * Where the JSON string whose contents begin at {@code start} ends (the index of its closing
     * quote, or of the backslashes in front of it, or the end of a text cut off inside it). A string
     * held in another JSON string ({@code depth} 1) ends at {@code \"}, one held two deep at
     * {@code \\\"}.
     */
    private static int endOfJsonString(String text, int start, int depth) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                int run = i;
                while (run < text.length() && text.charAt(run) == '\\') {
                    run++;
                }
                if (run < text.length() && text.charAt(run) == '"') {
                    // at this depth a literal backslash is 2 * (depth + 1) backslashes, an escaped
                    // quote 2 * depth + 1 in front of it, and the closing quote depth of them
                    int rest = (run - i) % (2 * (depth + 1));
                    if (rest != 2 * depth + 1) {
                        return run - rest;
                    }
                }
                i = run + 1; // the backslashes and the character they escape
            } else if (c == '"') {
                return i;
            } else {
                i++;
            }
        }
        return Math.min(i, text.length());
    }

    /**
     * Like {@link #mask}, for the raw contents of a JSON string: the four characters kept must not
     * hold a backslash, which could be the half of an escape sequence and break the JSON.
     */
    private static String maskJsonStringContent(String content) {
        if (content.isEmpty() || content.startsWith("****")) {
            return content; // nothing to hide, or masked already
        }
        int space = content.indexOf(' ');
        if (space > 0 && AUTH_SCHEMES.contains(content.substring(0, space).toLowerCase(Locale.ROOT))) {
            String secret = content.substring(space + 1);
            return secret.startsWith("****") ? content : content.substring(0, space + 1) + maskSecret(secret);
        }
        return maskSecret(content);
    }

    private static String maskSecret(String secret) {
        String tail = secret.length() >= 16 ? secret.substring(secret.length() - 4) : "";
        return "****" + (tail.indexOf('\\') >= 0 ? "" : tail);
    }

    private static boolean continuesAWord(String text, int start) {
        if (start == 0) {
            return false;
        }
        char c = text.charAt(start - 1);
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /**
     * Whether what follows a "bearer" is a credential rather than a word, as in "the bearer of
     * news" or "Bearer authentication": it has a digit or a symbol, or mixes cases over 16 characters.
     */
    private static boolean looksLikeACredential(String token) {
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper |= i > 0;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else {
                return true;
            }
        }
        return upper && lower && token.length() >= 16;
    }
}
