package dev.tollgate.sim;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParserFactory;
import java.util.Map;

/**
 * The JSON-P factories, created once: the static {@code jakarta.json.Json} methods look the provider up
 * on every call, which is measurable when the simulator is the baseline of a benchmark.
 */
final class JsonFactories {

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());
    static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());
    static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(Map.of());

    private JsonFactories() {}
}
