package dev.tollgate.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.annotation.FacesConfig;

/** Switches on Faces 4 with CDI for this application. */
@FacesConfig
@ApplicationScoped
public class DashboardFaces {}
