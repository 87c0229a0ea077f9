package dev.tollgate.cli.launch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables {@code ./tollgate run} works with: the process environment, and under it the
 * {@code .env} file of the working directory. A variable set in the environment wins over the file,
 * as with CCProxy (pydantic settings) and docker compose, so that an operator can override one
 * setting for one run without editing the file.
 *
 * @param environment the process environment
 * @param dotEnv the {@code .env} file's variables (empty without a file)
 */
public record LaunchSettings(Map<String, String> environment, Map<String, String> dotEnv) {

    public LaunchSettings {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        dotEnv = Collections.unmodifiableMap(new LinkedHashMap<>(dotEnv));
    }

    /** The environment and the {@code .env} file in the working directory. */
    public static LaunchSettings fromWorkingDirectory() {
        return new LaunchSettings(System.getenv(), DotEnvFile.read(DotEnvFile.DEFAULT));
    }

    /** The environment's value, else the file's, else null. */
    public String get(String name) {
        String value = environment.get(name);
        return value != null ? value : dotEnv.get(name);
    }

    public String getOrDefault(String name, String defaultValue) {
        String value = get(name);
        return value != null ? value : defaultValue;
    }

    /** The file's variables the environment does not set: what the file adds to Payara Micro's environment. */
    public Map<String, String> fromDotEnvOnly() {
        Map<String, String> added = new LinkedHashMap<>(dotEnv);
        added.keySet().removeAll(environment.keySet());
        return added;
    }

    /** The file's variables the environment overrides. */
    public List<String> overriddenByEnvironment() {
        return dotEnv.keySet().stream().filter(environment::containsKey).toList();
    }
}
