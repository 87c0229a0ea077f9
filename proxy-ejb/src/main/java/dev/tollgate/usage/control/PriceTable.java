package dev.tollgate.usage.control;

import dev.tollgate.usage.entity.InvalidPriceTableException;
import dev.tollgate.usage.entity.ModelPrice;
import dev.tollgate.usage.entity.Rates;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Prices by model id, from a properties file of {@code <model>.<field>=<USD per million tokens>}
 * lines (see the shipped {@code model-prices.properties} for the fields). Immutable.
 *
 * <p>A model id is found by its exact name or alias, then (lower-cased, a {@code [1m]}-style suffix
 * dropped) by the longest known id it starts with <em>if</em> what follows is a date:
 * {@code claude-sonnet-4-5-20250929} and {@code claude-sonnet-4@20250514} are found, but {@code
 * claude-opus-4-6} is not taken for {@code claude-opus-4}, whose price it does not have. What is
 * not found stays unpriced.
 */
public final class PriceTable {

    /** The table shipped with Tollgate, on the class path. */
    public static final String SHIPPED_RESOURCE = "/dev/tollgate/usage/model-prices.properties";

    static final String ALIASES = "aliases";
    static final String LONG_CONTEXT_THRESHOLD = "long-context.above-input-tokens";
    private static final List<String> RATE_FIELDS =
            List.of("input", "output", "cache-write-5m", "cache-write-1h", "cache-read");
    private static final String LONG_CONTEXT = "long-context.";
    /** Every field, longest first, so that {@code x.long-context.input} is not read as {@code x.long-context}'s input. */
    private static final List<String> FIELDS = fields();

    /** A date after a known id: {@code -20250929}, Vertex AI's {@code @20250514}, maybe more after it ({@code -v1:0}). */
    private static final Pattern DATED_SUFFIX = Pattern.compile("[-@]\\d{8}(?:[-:].*)?");
    /** Claude Code's {@code claude-sonnet-4-5[1m]}: a client-side context-window marker, not part of the id. */
    private static final Pattern BRACKETED_SUFFIX = Pattern.compile("\\[[^\\]]*\\]$");

    private final Map<String, ModelPrice> entries;
    private final Map<String, ModelPrice> byId;

    private PriceTable(Collection<ModelPrice> base, Collection<ModelPrice> overrides) {
        Map<String, ModelPrice> merged = new LinkedHashMap<>();
        base.forEach(price -> merged.put(price.model(), price));
        overrides.forEach(price -> merged.put(price.model(), price));
        Map<String, ModelPrice> index = new HashMap<>();
        // aliases first, the override file's after the shipped ones, and a model's own name above any alias
        merged.values().stream().filter(price -> !overrides.contains(price)).forEach(price -> price.aliases()
                .forEach(alias -> index.put(alias, price)));
        overrides.forEach(price -> price.aliases().forEach(alias -> index.put(alias, price)));
        merged.values().forEach(price -> index.put(price.model(), price));
        this.entries = Map.copyOf(merged);
        this.byId = Map.copyOf(index);
    }

    /** The table shipped with Tollgate. */
    public static PriceTable shipped() {
        try (InputStream in = PriceTable.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new InvalidPriceTableException("the shipped price table " + SHIPPED_RESOURCE + " is missing");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), SHIPPED_RESOURCE);
        } catch (IOException e) {
            throw new InvalidPriceTableException("the shipped price table could not be read", e);
        }
    }

    /** A price table file, such as the one {@code tollgate.pricing.file} names. */
    public static PriceTable read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (IOException e) {
            throw new InvalidPriceTableException(
                    "price table " + file.toAbsolutePath() + " could not be read: " + e, e);
        }
    }

    /** Parses the properties format; {@code source} only names the table in error messages. */
    public static PriceTable parse(Reader reader, String source) {
        Properties properties = new Properties();
        try {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidPriceTableException("price table " + source + " is not a properties file: " + e, e);
        }
        Map<String, Map<String, String>> fieldsByModel = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            String field = FIELDS.stream()
                    .filter(f -> key.length() > f.length() + 1 && key.endsWith("." + f))
                    .findFirst()
                    .orElseThrow(() -> new InvalidPriceTableException(
                            source + ": '" + key + "' is not <model>.<field> with a field of " + FIELDS));
            String model =
                    key.substring(0, key.length() - field.length() - 1).trim().toLowerCase(Locale.ROOT);
            fieldsByModel
                    .computeIfAbsent(model, m -> new HashMap<>())
                    .put(field, properties.getProperty(key).trim());
        }
        List<ModelPrice> prices = new ArrayList<>();
        fieldsByModel.forEach((model, fields) -> prices.add(modelPrice(source, model, fields)));
        return new PriceTable(prices, List.of());
    }

    /** This table with the entries of {@code overrides} added, replacing whole entries of the same model. */
    public PriceTable overriddenBy(PriceTable overrides) {
        return new PriceTable(entries.values(), overrides.entries.values());
    }

    /** The price entry for a model id as the API reports it, or empty when none applies. */
    public Optional<ModelPrice> find(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String id = model.trim().toLowerCase(Locale.ROOT);
        ModelPrice exact = byId.get(id);
        if (exact != null) {
            return Optional.of(exact);
        }
        id = BRACKETED_SUFFIX.matcher(id).replaceFirst("");
        exact = byId.get(id);
        if (exact != null) {
            return Optional.of(exact);
        }
        String dated = id;
        return byId.entrySet().stream()
                .filter(entry -> dated.startsWith(entry.getKey())
                        && DATED_SUFFIX
                                .matcher(dated.substring(entry.getKey().length()))
                                .matches())
                .max(Comparator.comparingInt(entry -> entry.getKey().length()))
                .map(Map.Entry::getValue);
    }

    /** Every entry, by model id. */
    public Map<String, ModelPrice> entries() {
        return entries;
    }

    private static ModelPrice modelPrice(String source, String model, Map<String, String> fields) {
        Rates standard = rates(source, model, fields, "");
        boolean anyLongContext = fields.keySet().stream().anyMatch(f -> f.startsWith(LONG_CONTEXT));
        long threshold = 0;
        Rates longContext = null;
        if (anyLongContext) {
            String value = require(source, model, fields, LONG_CONTEXT_THRESHOLD);
            try {
                threshold = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw invalid(source, model, LONG_CONTEXT_THRESHOLD, value);
            }
            if (threshold <= 0) {
                throw invalid(source, model, LONG_CONTEXT_THRESHOLD, value);
            }
            longContext = rates(source, model, fields, LONG_CONTEXT);
        }
        List<String> aliases = fields.containsKey(ALIASES)
                ? Arrays.stream(fields.get(ALIASES).split(","))
                        .map(alias -> alias.trim().toLowerCase(Locale.ROOT))
                        .filter(alias -> !alias.isEmpty())
                        .toList()
                : List.of();
        return new ModelPrice(model, aliases, standard, threshold, longContext);
    }

    private static Rates rates(String source, String model, Map<String, String> fields, String prefix) {
        BigDecimal[] prices = new BigDecimal[RATE_FIELDS.size()];
        for (int i = 0; i < prices.length; i++) {
            String field = prefix + RATE_FIELDS.get(i);
            String value = require(source, model, fields, field);
            try {
                prices[i] = new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw invalid(source, model, field, value);
            }
            if (prices[i].signum() < 0) {
                throw invalid(source, model, field, value);
            }
        }
        return new Rates(prices[0], prices[1], prices[2], prices[3], prices[4]);
    }

    private static String require(String source, String model, Map<String, String> fields, String field) {
        String value = fields.get(field);
        if (value == null || value.isEmpty()) {
            // a missing price is an error, not a zero: a zero would under-report every such request
            throw new InvalidPriceTableException(source + ": " + model + "." + field + " is missing");
        }
        return value;
    }

    private static InvalidPriceTableException invalid(String source, String model, String field, String value) {
        return new InvalidPriceTableException(
                source + ": " + model + "." + field + "=" + value + " is not a non-negative number");
    }

    private static List<String> fields() {
        List<String> fields = new ArrayList<>(RATE_FIELDS);
        RATE_FIELDS.forEach(field -> fields.add(LONG_CONTEXT + field));
        fields.add(LONG_CONTEXT_THRESHOLD);
        fields.add(ALIASES);
        fields.sort(Comparator.comparingInt(String::length).reversed());
        return List.copyOf(fields);
    }
}
