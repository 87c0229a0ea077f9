package dev.tollgate.dashboard.stats.boundary;

import dev.tollgate.dashboard.stats.entity.JournalSummary;
import dev.tollgate.dashboard.stats.entity.TimeWindow;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** {@code GET /dashboard/api/stats?hours=24}: the journal's figures for automation (X-Dashboard-Key). */
@Path("stats")
public class StatsResource {

    @Inject
    JournalStatistics statistics;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    // a String, not an int: JAX-RS answers an unparsable int parameter with 404, which misleads
    public JournalSummary stats(@QueryParam("hours") @DefaultValue("24") String hours) {
        try {
            return statistics.summarize(TimeWindow.lastHours(Integer.parseInt(hours.trim()), Instant.now()));
        } catch (IllegalArgumentException badHours) {
            throw new BadRequestException("hours must be a whole number between 1 and " + TimeWindow.MAX_HOURS);
        }
    }
}
