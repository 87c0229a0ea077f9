package dev.tollgate.dashboard.access.boundary;

import dev.tollgate.dashboard.access.entity.Identity;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The login page for {@code DASHBOARD_API_KEY}: a correct key opens a new server-side session
 * ({@link DashboardSessions}) whose cookie carries only a random token, never the key. {@code POST /logout} ends it. Failed attempts are limited per address.
 */
@WebServlet(urlPatterns = {LoginServlet.PATH, LoginServlet.LOGOUT})
public class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String PATH = "/login";
    static final String LOGOUT = "/logout";

    @Inject
    DashboardAccess access;

    @Inject
    DashboardSessions sessions;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        page(response, 200, null, request.getContextPath());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String context = request.getContextPath();
        if (request.getServletPath().equals(LOGOUT)) {
            response.addHeader("Set-Cookie", sessions.close(DashboardAccessFilter.sessionToken(request), context));
            redirect(response, context + PATH);
            return;
        }
        if (!access.loginWithKeyPossible()) {
            page(response, 404, "Logging in with a key is not configured (DASHBOARD_API_KEY).", context);
            return;
        }
        if (access.throttled(request.getRemoteAddr())) {
            response.setHeader("Retry-After", "60");
            page(response, 429, "Too many failed logins from your address; wait a minute.", context);
            return;
        }
        Optional<Identity> identity = access.login(request.getRemoteAddr(), request.getParameter("key"));
        if (identity.isEmpty()) {
            page(response, 401, "That is not the dashboard key.", context);
            return;
        }
        // a new random session at every login: a cookie planted before cannot be taken over
        sessions.close(DashboardAccessFilter.sessionToken(request), context);
        response.addHeader("Set-Cookie", sessions.open(identity.get(), context));
        redirect(response, context + "/");
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
    }

    private static void page(HttpServletResponse response, int status, String message, String context)
            throws IOException {
        DashboardAccessFilter.securityHeaders(response);
        response.setStatus(status);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        String html =
                """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Tollgate dashboard: log in</title></head>
                <body>
                <h1>Tollgate dashboard</h1>
                %s
                <form method="post" action="%s/login">
                <label for="key">Dashboard key</label>
                <input id="key" name="key" type="password" autocomplete="current-password" required>
                <button type="submit">Log in</button>
                </form>
                </body></html>
                """
                        .formatted(message == null ? "" : "<p role=\"alert\">" + message + "</p>", context);
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
