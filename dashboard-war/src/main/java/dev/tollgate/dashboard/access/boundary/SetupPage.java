package dev.tollgate.dashboard.access.boundary;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What an unconfigured dashboard shows instead of data: how to configure it. */
final class SetupPage {

    private SetupPage() {}

    static void write(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream()
                .write(
                        """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Tollgate dashboard: set-up</title></head>
                <body>
                <h1>Tollgate dashboard</h1>
                <p>The dashboard shows no data until it knows who may see it. Configure one of:</p>
                <ul>
                <li><code>DASHBOARD_API_KEY</code>: a long random key (<code>./tollgate generate-api-key</code>);
                log in with it here, or send it as <code>X-Dashboard-Key</code> to <code>/dashboard/api/</code>.</li>
                <li><code>DASHBOARD_SSO_ENABLED=true</code> behind your SSO proxy (OAuth2 Proxy), with
                <code>DASHBOARD_SSO_TRUSTED_PROXIES</code> set to the proxy's addresses and optionally
                <code>DASHBOARD_SSO_ALLOWED_DOMAINS</code>.</li>
                </ul>
                <p>Then restart Tollgate. See docs/dashboard.md.</p>
                </body></html>
                """
                                .getBytes(StandardCharsets.UTF_8));
    }
}
