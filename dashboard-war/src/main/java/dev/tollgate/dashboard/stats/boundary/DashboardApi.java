package dev.tollgate.dashboard.stats.boundary;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The dashboard's JSON API under {@code /dashboard/api}. */
@ApplicationPath("api")
public class DashboardApi extends Application {}
