package dev.tollgate.dashboard.stats.boundary;

import dev.tollgate.dashboard.stats.entity.JournalSummary;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;

/** {@code GET /dashboard/api/stats?hours=24}: the journal's figures for automation (X-Dashboard-Key). */
@Path("stats")
public class StatsResource {

    @Inject
    JournalStatistics statistics;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JournalSummary stats(@QueryParam("hours") @DefaultValue("24") int hours) {
        if (hours < 1 || hours > 24 * 366) {
            throw new BadRequestException("hours must be between 1 and 8784");
        }
        return statistics.since(Instant.now().minus(Duration.ofHours(hours)));
    }
}
