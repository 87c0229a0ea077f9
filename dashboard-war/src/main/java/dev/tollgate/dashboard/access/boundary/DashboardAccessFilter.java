package dev.tollgate.dashboard.access.boundary;

import dev.tollgate.dashboard.access.entity.AccessDecision;
import dev.tollgate.dashboard.access.entity.Identity;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Every dashboard request passes here: security headers on every answer, then the access decision.
 * The JSON API answers 401/403 in the Anthropic error shape; pages send an anonymous visitor to the
 * login page. Unconfigured, the dashboard shows only its set-up page.
 */
@WebFilter(urlPatterns = "/*")
public class DashboardAccessFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    DashboardAccess access;

    @Inject
    DashboardSessions sessions;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        securityHeaders(response);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean api = path.startsWith("/api/");
        if (path.startsWith("/jakarta.faces.resource/") || path.equals(LoginServlet.PATH)) {
            chain.doFilter(request, response); // stylesheets and scripts, and the login page itself
            return;
        }
        if (!access.configured()) {
            if (api) {
                error(
                        response,
                        503,
                        "api_error",
                        "The dashboard is not configured: set DASHBOARD_API_KEY or"
                                + " DASHBOARD_SSO_ENABLED (see docs/dashboard.md)");
            } else {
                SetupPage.write(response);
            }
            return;
        }
        Identity sessionIdentity = sessions.identity(sessionToken(request));
        AccessDecision decision = access.decide(request.getRemoteAddr(), request::getHeader, sessionIdentity);
        if (decision.isAllowed()) {
            request.setAttribute(Identity.SESSION_ATTRIBUTE, decision.identity());
            chain.doFilter(request, response);
        } else if (decision.refusal() != null) {
            error(response, 403, "permission_error", "Not allowed: " + decision.refusal());
        } else if (api) {
            response.setHeader("WWW-Authenticate", "X-Dashboard-Key");
            error(response, 401, "authentication_error", "Send the dashboard key as X-Dashboard-Key, or log in");
        } else {
            response.setStatus(303);
            response.setHeader("Location", request.getContextPath() + LoginServlet.PATH);
        }
    }

    static String sessionToken(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (jakarta.servlet.http.Cookie cookie : request.getCookies()) {
            if (cookie.getName().equals(DashboardSessions.COOKIE)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** No framing, no sniffing, no referrer leaving the dashboard, scripts and styles only from here. */
    static void securityHeaders(HttpServletResponse response) {
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline';"
                        + " img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'");
        response.setHeader("Cache-Control", "no-store");
    }

    static void error(HttpServletResponse response, int status, String type, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String json = "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":"
                + jakarta.json.Json.createValue(message) + "}}";
        response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    }
}
