package dev.tollgate.monitoring.control;

import java.util.Set;

/** The route label of a request: one of the paths Tollgate serves, never a raw client path. */
public final class Routes {

    private static final Set<String> KNOWN = Set.of(
            "/v1/messages",
            "/v1/messages/count_tokens",
            "/v1/models",
            "/v1/chat/completions",
            "/openai/v1/chat/completions",
            "/openai/v1/models");

    private Routes() {}

    public static String of(String path) {
        if (path == null) {
            return LabelLimiter.OTHER;
        }
        if (KNOWN.contains(path)) {
            return path;
        }
        if (path.startsWith("/v1/models/")) {
            return "/v1/models/{model}";
        }
        if (path.startsWith("/openai/v1/models/")) {
            return "/openai/v1/models/{model}";
        }
        return LabelLimiter.OTHER;
    }
}
