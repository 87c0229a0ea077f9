package dev.tollgate.usage.boundary;

import dev.tollgate.messages.entity.Usage;
import dev.tollgate.usage.control.CostCalculator;
import dev.tollgate.usage.control.PriceTable;
import dev.tollgate.usage.entity.Cost;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The prices Tollgate applies: the shipped table, with the entries of {@code tollgate.pricing.file}
 * ({@code TOLLGATE_PRICING_FILE}) replacing or adding models when it is set.
 *
 * <p>Loaded once at start-up, so that a broken override file stops the deployment with a message
 * that names it, instead of surfacing later as silently wrong or missing costs.
 */
@Singleton
@Startup
// the table is immutable once loaded: callers (the journal writer) need no container lock
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Pricing {

    private static final Logger LOG = Logger.getLogger(Pricing.class.getName());

    @Inject
    @ConfigProperty(name = "tollgate.pricing.file")
    Optional<String> pricingFile;

    private volatile CostCalculator calculator;

    @PostConstruct
    void load() {
        PriceTable table = PriceTable.shipped();
        Optional<Path> file = pricingFile.filter(name -> !name.isBlank()).map(Path::of);
        if (file.isPresent()) {
            PriceTable overrides = PriceTable.read(file.get());
            table = table.overriddenBy(overrides);
            LOG.info(() -> "Prices of " + overrides.entries().size() + " model(s) from "
                    + file.get().toAbsolutePath() + " replace or add to the shipped table");
        }
        calculator = new CostCalculator(table);
    }

    /** The calculator over the prices in force, for the journal's writer thread. */
    public CostCalculator calculator() {
        return calculator;
    }

    /** See {@link CostCalculator#cost(String, Usage, String)}: empty when the model is not priced. */
    public Optional<Cost> cost(String model, Usage usage, String usageJson) {
        return calculator.cost(model, usage, usageJson);
    }
}
