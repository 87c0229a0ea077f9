package dev.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.cli.launch.PayaraMicroProcess;
import dev.tollgate.cli.launch.RuntimeLayout;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's doors: the key (header and login session), SSO headers from a trusted proxy
 * address versus the same headers spoofed from anywhere else, and the JSON API's figures. A
 * Tollgate of its own, configured as an SSO deployment whose proxy is 127.0.0.2; the stack's own
 * Tollgate is the unconfigured case.
 */
class DashboardIT {

    private static final String DASHBOARD_KEY = "cnp_live_dashboard_it_key_0123456789abcdefghijkl";
    private static final String TRUSTED_PROXY = "127.0.0.2";
    /** The dashboard connects as a role of its own, granted only what config/database/dashboard-role.sql grants. */
    private static final String DASHBOARD_ROLE_PASSWORD = "dashboard-role-password";

    private static final HttpClient NO_REDIRECTS = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static PayaraMicroProcess tollgate;
    private static Path log;

    @BeforeAll
    static void start() throws Exception {
        TollgateStack stack = TollgateStack.get();
        createDashboardRole();
        Path work = Path.of(System.getProperty("tollgate.work.dir", "target/it-work"));
        log = work.resolve("payara-micro-dashboard.log");
        tollgate = PayaraMicroProcess.start(
                RuntimeLayout.in(Path.of(System.getProperty("tollgate.runtime.dir", "target/runtime"))),
                TollgateStack.freePort(),
                Path.of(System.getProperty("tollgate.config.dir", "../config")),
                Map.of(
                        "DATABASE_URL",
                        stack.database().jdbcUrl(),
                        "DASHBOARD_DATABASE_URL",
                        dashboardRoleUrl(),
                        "CLAUDE_API_BASE_URL",
                        stack.simulator().baseUrl(),
                        "CREDENTIALS_DIR",
                        Files.createDirectories(work.resolve("dashboard-credentials"))
                                .toString(),
                        "TOLLGATE_JOURNAL_SPILL_DIR",
                        work.resolve("dashboard-journal-spill").toString(),
                        "DASHBOARD_API_KEY",
                        DASHBOARD_KEY,
                        "DASHBOARD_SSO_ENABLED",
                        "true",
                        "DASHBOARD_SSO_HEADERS",
                        "X-Auth-Request-Email",
                        "DASHBOARD_SSO_ALLOWED_DOMAINS",
                        "example.com",
                        "DASHBOARD_SSO_TRUSTED_PROXIES",
                        TRUSTED_PROXY + "/32"),
                log);
        tollgate.awaitReady(Duration.ofMinutes(5));
    }

    /** The role, then the grants exactly as the shipped file has them (run as the engine's role). */
    private static void createDashboardRole() throws Exception {
        String grants = Files.readString(
                Path.of(System.getProperty("tollgate.config.dir", "../config")).resolve("database/dashboard-role.sql"));
        try (var connection = TollgateStack.get().openDatabaseConnection();
                var statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tollgate_dashboard')"
                    + " THEN CREATE ROLE tollgate_dashboard LOGIN PASSWORD '" + DASHBOARD_ROLE_PASSWORD + "';"
                    + " END IF; END $$");
            for (String sql : grants.replaceAll("(?m)--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
    }

    private static String dashboardRoleUrl() {
        return TollgateStack.get().database().jdbcUrl().replace("user=postgres", "user=tollgate_dashboard")
                + "&password=" + DASHBOARD_ROLE_PASSWORD;
    }

    @Test
    void theDashboardsRoleReadsButCannotRewriteTheJournal() throws Exception {
        // the dashboard really connects as its role: a page load leaves its connections in the pool
        assertThat(send(get(tollgate.baseUrl(), "/dashboard/api/stats").header("X-Dashboard-Key", DASHBOARD_KEY))
                        .statusCode())
                .isEqualTo(200);
        assertThat(((Number) JournalRows.scalar("SELECT count(*) FROM pg_stat_activity"
                                + " WHERE usename = 'tollgate_dashboard' AND application_name = 'tollgate-dashboard'"))
                        .longValue())
                .isPositive();
        try (var connection = java.sql.DriverManager.getConnection(dashboardRoleUrl());
                var statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("SELECT count(*) FROM api_requests")) {
                assertThat(rows.next()).isTrue();
            }
            for (String write : new String[] {
                "UPDATE api_requests SET model = 'forged'",
                "DELETE FROM api_requests",
                "DELETE FROM client_api_keys",
                "UPDATE client_api_keys SET key_sha256 = repeat('0', 64)",
                "UPDATE dashboard_audit_log SET identity = 'someone else'",
                "DELETE FROM dashboard_audit_log"
            }) {
                assertThatThrownBy(() -> statement.execute(write))
                        .as(write)
                        .isInstanceOf(java.sql.SQLException.class)
                        .hasMessageContaining("permission denied");
            }
        }
    }

    @AfterAll
    static void stop() {
        if (tollgate != null) {
            tollgate.close();
        }
    }

    @Test
    void unconfiguredTheDashboardShowsOnlyHowToConfigureIt() throws Exception {
        HttpResponse<String> page = send(get(TollgateStack.get().baseUrl(), "/dashboard/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("DASHBOARD_API_KEY").doesNotContain("Requests");
        HttpResponse<String> api =
                send(get(TollgateStack.get().baseUrl(), "/dashboard/api/stats").header("X-Dashboard-Key", "anything"));
        ErrorsIT.assertAnthropicError(api, 503, "api_error");
    }

    @Test
    void theJsonApiTakesTheKeyAsXDashboardKeyAndCountsTheJournal() throws Exception {
        ErrorsIT.assertAnthropicError(
                send(get(tollgate.baseUrl(), "/dashboard/api/stats")), 401, "authentication_error");
        ErrorsIT.assertAnthropicError(
                send(get(tollgate.baseUrl(), "/dashboard/api/stats").header("X-Dashboard-Key", DASHBOARD_KEY + "x")),
                401,
                "authentication_error");

        // traffic through the stack's proxy lands in the same journal
        JournalRows.awaitRow(ErrorsIT.requestId(Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY))));
        long journaled = ((Number) JournalRows.scalar(
                        "SELECT count(*) FROM api_requests WHERE timestamp >= now() - interval '24 hours'"))
                .longValue();

        HttpResponse<String> stats =
                send(get(tollgate.baseUrl(), "/dashboard/api/stats?hours=24").header("X-Dashboard-Key", DASHBOARD_KEY));
        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
        assertThat(stats.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        jakarta.json.JsonObject summary;
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(stats.body()))) {
            summary = reader.readObject();
        }
        assertThat(summary.getJsonNumber("requests").longValue()).isGreaterThanOrEqualTo(journaled);
        assertThat(summary.getJsonNumber("costUsd").bigDecimalValue()).isPositive();
        assertThat(summary.getJsonArray("byModel").getValuesAs(jakarta.json.JsonObject.class))
                .anySatisfy(model -> assertThat(model.getString("model")).isEqualTo("claude-sonnet-4-5"));
        // 24 hourly buckets (25 when the window starts mid-hour), quiet ones as zeros, adding up to the total
        assertThat(summary.getJsonNumber("bucketSeconds").longValue()).isEqualTo(3600);
        var timeline = summary.getJsonArray("timeline").getValuesAs(jakarta.json.JsonObject.class);
        assertThat(timeline).hasSizeBetween(24, 25);
        assertThat(timeline.stream()
                        .mapToLong(bucket -> bucket.getJsonNumber("requests").longValue())
                        .sum())
                .isEqualTo(summary.getJsonNumber("requests").longValue());
        assertThat(timeline.get(timeline.size() - 1).getJsonNumber("requests").longValue())
                .isPositive();

        for (String bad : new String[] {"0", "8785", "abc", "1.5"}) {
            assertThat(send(get(tollgate.baseUrl(), "/dashboard/api/stats?hours=" + bad)
                                    .header("X-Dashboard-Key", DASHBOARD_KEY))
                            .statusCode())
                    .as("hours=" + bad)
                    .isEqualTo(400);
        }
    }

    @Test
    void aRequestThatFailedOverShowsEveryAttempt() throws Exception {
        String train = "dashboard-failover";
        List<String> ranking = Rendezvous.ranking(train);
        TollgateStack.get()
                .simulator()
                .enqueue(dev.tollgate.sim.Scenario.defaults().withStatus(529).withRetryAfter(0));
        String served = ErrorsIT.requestId(
                Http.send(Http.post("/v1/messages", Http.SIMPLE_BODY).header("msl-train-id", train)));
        JournalRows.awaitRow(served);
        String givenUp = String.valueOf(
                JournalRows.scalar("SELECT request_id FROM api_requests WHERE final_request_id = ?::uuid", served));
        JournalRows.awaitRow(givenUp);
        String cookie = sessionCookie();

        // from either attempt's page, both attempts in order, with the account each went to
        for (String page : new String[] {served, givenUp}) {
            String body = send(get(tollgate.baseUrl(), "/dashboard/request.xhtml?id=" + page)
                            .header("cookie", cookie))
                    .body();
            String attempts = body.substring(
                    body.indexOf("id=\"attempts\""), body.indexOf("</table>", body.indexOf("id=\"attempts\"")));
            assertThat(attempts)
                    .containsSubsequence(
                            givenUp,
                            TollgateStack.ACCOUNT_IDS.get(ranking.get(0)),
                            "529",
                            served,
                            TollgateStack.ACCOUNT_IDS.get(ranking.get(1)),
                            "200");
        }
    }

    private static String sessionCookie() throws Exception {
        String setCookie = send(login(DASHBOARD_KEY)).headers().allValues("set-cookie").stream()
                .filter(cookie -> cookie.startsWith("dashboard_auth="))
                .findFirst()
                .orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void theLoginOpensASessionWhoseCookieIsNotTheKey() throws Exception {
        HttpResponse<String> anonymous = send(get(tollgate.baseUrl(), "/dashboard/"));
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("location")).hasValue("/dashboard/login");
        assertThat(anonymous.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(anonymous.headers().firstValue("content-security-policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));

        assertThat(send(login("wrong-key")).statusCode()).isEqualTo(401);

        HttpResponse<String> loggedIn = send(login(DASHBOARD_KEY));
        assertThat(loggedIn.statusCode()).isEqualTo(303);
        String setCookie = loggedIn.headers().allValues("set-cookie").stream()
                .filter(cookie -> cookie.startsWith("dashboard_auth="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie)
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .doesNotContain(DASHBOARD_KEY);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> overview =
                send(get(tollgate.baseUrl(), "/dashboard/").header("cookie", cookie));
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("Signed in as", "api-key", "Last 24 hours", "claude-sonnet-4-5");
        assertThat(send(get(tollgate.baseUrl(), "/dashboard/api/stats").header("cookie", cookie))
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<String> logout = send(HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/dashboard/logout"))
                .header("cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(send(get(tollgate.baseUrl(), "/dashboard/").header("cookie", cookie))
                        .statusCode())
                .isEqualTo(303);
    }

    @Test
    void ssoHeadersCountFromTheTrustedProxyOnlyAndOnlyForAllowedDomains() throws Exception {
        String trusted = raw(TRUSTED_PROXY, "/dashboard/", "X-Auth-Request-Email: alice@example.com");
        assertThat(trusted).startsWith("HTTP/1.1 200").contains("alice@example.com", "(sso)");

        assertThat(raw(TRUSTED_PROXY, "/dashboard/", "X-Auth-Request-Email: mallory@evil.test"))
                .startsWith("HTTP/1.1 403")
                .contains("not in an allowed domain");

        // the same header from an address that is not the proxy: ignored, and the attempt is logged
        assertThat(raw("127.0.0.1", "/dashboard/", "X-Auth-Request-Email: alice@example.com"))
                .startsWith("HTTP/1.1 303");
        assertThat(raw("127.0.0.1", "/dashboard/api/stats", "X-Auth-Request-Email: alice@example.com"))
                .startsWith("HTTP/1.1 401");
        assertThat(Files.readString(log)).contains("SSO header X-Auth-Request-Email from 127.0.0.1 ignored");
    }

    @Test
    void loginAttemptsAreThrottledPerAddress() throws Exception {
        String from = "127.0.0.3"; // an address of its own, so the other tests' logins stay unthrottled
        for (int i = 0; i < 5; i++) {
            assertThat(rawPost(from, "/dashboard/login", "key=wrong-" + i)).startsWith("HTTP/1.1 401");
        }
        assertThat(rawPost(from, "/dashboard/login", "key=" + DASHBOARD_KEY)).startsWith("HTTP/1.1 429");
        assertThat(send(login(DASHBOARD_KEY)).statusCode())
                .as("another address")
                .isEqualTo(303);
    }

    @Test
    void aPersonLogsInListsFiltersAndOpensARequestInABrowser() throws Exception {
        String probe = "browser-probe-" + java.util.UUID.randomUUID();
        String requestId = ErrorsIT.requestId(Http.send(Http.post(
                "/v1/messages",
                "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\"," + "\"content\":\""
                        + probe + "\"}]}")));
        JournalRows.awaitRow(requestId);

        Path profile = Files.createTempDirectory("tollgate-chromium-");
        org.openqa.selenium.chrome.ChromeDriver browser = Browser.start(profile);
        try {
            var wait = new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(tollgate.baseUrl() + "/dashboard/");
            assertThat(browser.getCurrentUrl()).endsWith("/dashboard/login");
            browser.findElement(org.openqa.selenium.By.id("key")).sendKeys(DASHBOARD_KEY);
            browser.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]"))
                    .click();
            wait.until(driver ->
                    driver.findElements(org.openqa.selenium.By.id("totals")).size() == 1);
            assertThat(browser.findElement(org.openqa.selenium.By.id("identity"))
                            .getText())
                    .contains("api-key");
            assertThat(browser.findElement(org.openqa.selenium.By.id("latency")).getText())
                    .matches("\\d+ / \\d+");
            assertThat(browser.findElement(org.openqa.selenium.By.id("trains")).getText())
                    .contains("default");
            assertThat(browser.findElement(org.openqa.selenium.By.id("timeline"))
                            .findElements(org.openqa.selenium.By.tagName("tr")))
                    .hasSizeGreaterThan(24);
            // Chart.js, served by the dashboard itself, drew the three charts with the journal's figures
            for (String chart : new String[] {"traffic-chart", "tokens-chart", "latency-chart"}) {
                try {
                    wait.until(driver -> Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) driver)
                            .executeScript(
                                    "const c = Chart.getChart(document.querySelector('#' + arguments[0] + ' canvas'));"
                                            // any series: the median duration of a bucket full of refusals is 0 ms
                                            + " return !!c && c.data.datasets.some(d => d.data.some(v => v > 0));",
                                    chart)));
                } catch (org.openqa.selenium.TimeoutException e) {
                    Browser.screenshot(browser, "overview-" + chart + "-not-drawn");
                    Object state = ((org.openqa.selenium.JavascriptExecutor) browser)
                            .executeScript(
                                    "const c = typeof Chart === 'undefined' ? null"
                                            + " : Chart.getChart(document.querySelector('#' + arguments[0] + ' canvas'));"
                                            + " return c ? JSON.stringify(c.data.datasets.map(d => d.data))"
                                            + " : (typeof Chart === 'undefined' ? 'Chart.js not loaded' : 'no chart');",
                                    chart);
                    throw new AssertionError("chart " + chart + " not drawn with data: " + state, e);
                }
            }
            Browser.screenshot(browser, "overview");
            browser.get(tollgate.baseUrl() + "/dashboard/?window=7d");
            assertThat(browser.findElement(org.openqa.selenium.By.tagName("h2")).getText())
                    .isEqualTo("Last 7 days");

            browser.findElement(org.openqa.selenium.By.id("nav-requests")).click();
            wait.until(driver -> !driver.findElements(org.openqa.selenium.By.cssSelector(".request-link"))
                    .isEmpty());
            Browser.screenshot(browser, "requests");

            browser.findElement(org.openqa.selenium.By.id("filters:text")).sendKeys(probe);
            browser.findElement(org.openqa.selenium.By.id("filters:apply")).click();
            wait.until(driver -> driver.findElements(org.openqa.selenium.By.cssSelector(".request-link"))
                            .size()
                    == 1);
            // the table may be re-rendered once more by the filter's answer: click what is there then
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(driver -> {
                        driver.findElement(org.openqa.selenium.By.cssSelector(".request-link"))
                                .click();
                        return true;
                    });

            wait.until(driver ->
                    driver.findElements(org.openqa.selenium.By.id("request-id")).size() == 1);
            assertThat(browser.findElement(org.openqa.selenium.By.id("request-id"))
                            .getText())
                    .isEqualTo(requestId);
            assertThat(browser.findElement(org.openqa.selenium.By.id("model")).getText())
                    .contains("claude-haiku-4-5");
            // the raw JSON is folded away (textContent: Selenium's getText sees only what is shown)
            assertThat(browser.findElement(org.openqa.selenium.By.id("request-body"))
                            .getAttribute("textContent"))
                    .contains(probe);
            // and the conversation is drawn: the user's message, then the answer
            assertThat(browser.findElements(org.openqa.selenium.By.cssSelector("#rendered section h4")))
                    .extracting(org.openqa.selenium.WebElement::getText)
                    .containsExactly("User", "Answer");
            assertThat(browser.findElement(org.openqa.selenium.By.id("rendered"))
                            .getText())
                    .contains(probe, "Hello from the Tollgate upstream simulator.");
            String headers = browser.findElement(org.openqa.selenium.By.id("request-headers"))
                    .getText();
            assertThat(headers).contains("****").doesNotContain(Http.CLIENT_KEY);
            Browser.screenshot(browser, "request");

            browser.get(tollgate.baseUrl() + "/dashboard/request.xhtml?id=not-a-uuid");
            assertThat(browser.getPageSource()).contains("No such request");

            // the accounts the engine recorded (the stack's API key accounts among them)
            browser.findElement(org.openqa.selenium.By.id("nav-accounts")).click();
            wait.until(driver -> driver.getPageSource().contains("it-account"));
            assertThat(browser.findElement(org.openqa.selenium.By.id("accounts"))
                            .getText())
                    .contains("it-account", "api_key", "usable");
            Browser.screenshot(browser, "accounts");

            // a refused client shows up on the security page with its train
            String train =
                    "security-probe-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            HttpResponse<String> refused = Http.send(
                    HttpRequest.newBuilder(URI.create(TollgateStack.get().baseUrl() + "/v1/messages"))
                            .header("content-type", "application/json")
                            .header("x-api-key", "cnp_live_not_a_key_of_anyone_0000000000000")
                            .header("x-train-id", train)
                            .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY)));
            assertThat(refused.statusCode()).isEqualTo(401);
            JournalRows.awaitRow(ErrorsIT.requestId(refused));
            browser.findElement(org.openqa.selenium.By.id("nav-security")).click();
            wait.until(driver ->
                    driver.findElements(org.openqa.selenium.By.id("sources")).size() == 1);
            assertThat(browser.findElement(org.openqa.selenium.By.id("sources")).getText())
                    .contains(train);
            Browser.screenshot(browser, "security");

            // issue a key for a train of its own: the proxy takes it within seconds...
            String keyName = "browser-key-" + train;
            browser.findElement(org.openqa.selenium.By.id("nav-keys")).click();
            wait.until(driver ->
                    driver.findElements(org.openqa.selenium.By.id("keys:name")).size() == 1);
            browser.findElement(org.openqa.selenium.By.id("keys:name")).sendKeys(keyName);
            browser.findElement(org.openqa.selenium.By.id("keys:train")).sendKeys(train);
            browser.findElement(org.openqa.selenium.By.id("keys:issue")).click();
            wait.until(driver ->
                    driver.findElements(org.openqa.selenium.By.id("new-key")).size() == 1);
            String newKey =
                    browser.findElement(org.openqa.selenium.By.id("new-key")).getText();
            assertThat(newKey).startsWith("cnp_live_").hasSize(52);
            Browser.screenshot(browser, "keys");
            java.util.concurrent.Callable<Integer> withNewKey = () -> Http.send(HttpRequest.newBuilder(
                                    URI.create(TollgateStack.get().baseUrl() + "/v1/messages"))
                            .header("content-type", "application/json")
                            .header("x-api-key", newKey)
                            .header("x-train-id", train)
                            .POST(HttpRequest.BodyPublishers.ofString(Http.SIMPLE_BODY)))
                    .statusCode();
            AuthIT.awaitStatus(200, withNewKey);
            assertThat(JournalRows.scalar(
                            "SELECT count(*) FROM client_api_keys WHERE name = ? AND key_sha256 LIKE ?",
                            keyName,
                            "%" + newKey.substring(9, 15) + "%"))
                    .as("the key itself is nowhere in the table")
                    .isEqualTo(0L);

            // ...and refuses it within seconds of its revocation
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(driver -> {
                        driver.findElement(org.openqa.selenium.By.xpath(
                                        "//tr[td[contains(., '" + keyName + "')]]//button[contains(@class, 'revoke')]"))
                                .click();
                        return true;
                    });
            wait.until(driver -> driver.getPageSource().contains("Revoked: the proxy refuses the key"));
            AuthIT.awaitStatus(401, withNewKey);
            String audit =
                    browser.findElement(org.openqa.selenium.By.id("audit")).getText();
            assertThat(audit).contains("client-key-issued", "client-key-revoked", keyName, "api-key (session)");

            // usage per account over the 5-hour and 7-day windows
            browser.findElement(org.openqa.selenium.By.id("nav-usage")).click();
            wait.until(driver ->
                    driver.findElements(org.openqa.selenium.By.id("usage")).size() == 1);
            assertThat(browser.findElement(org.openqa.selenium.By.id("usage")).getText())
                    .containsAnyOf(TollgateStack.ACCOUNT_IDS.values().toArray(String[]::new));
            Browser.screenshot(browser, "usage");

            // a conversation of two turns, the newest in the list, opened turn by turn
            String system = "\"system\":[{\"type\":\"text\",\"text\":\"Dashboard test.\"},"
                    + "{\"type\":\"text\",\"text\":\"" + probe + "\"}]";
            String first = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16," + system
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Plan a trip\"}]}";
            String second = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16," + system
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Plan a trip\"},"
                    + "{\"role\":\"assistant\",\"content\":\"Where to?\"},"
                    + "{\"role\":\"user\",\"content\":\"Lisbon\"}]}";
            String edited = second.replace("Lisbon", "Porto instead");
            String firstId = ErrorsIT.requestId(Http.send(Http.post("/v1/messages", first)));
            JournalRows.awaitRow(firstId);
            String secondId = ErrorsIT.requestId(Http.send(Http.post("/v1/messages", second)));
            JournalRows.awaitRow(secondId);
            JournalRows.awaitRow(ErrorsIT.requestId(Http.send(Http.post("/v1/messages", edited))));
            Object conversation = JournalRows.scalar(
                    "SELECT CAST(conversation_id AS text) FROM api_requests WHERE request_id = ?::uuid", secondId);
            // a sub-agent the first answer started, as the linker records one (the simulator does not call tools)
            String subAgent = java.util.UUID.randomUUID().toString();
            try (var connection = TollgateStack.get().openDatabaseConnection();
                    var insert = connection.prepareStatement("INSERT INTO api_requests (request_id, timestamp, method,"
                            + " path, model, response_status, conversation_id, branch_id, is_subtask,"
                            + " parent_task_request_id, message_count) VALUES (?::uuid, now(), 'POST', '/v1/messages',"
                            + " 'claude-haiku-4-5', 200, ?::uuid, 'main', true, ?::uuid, 1)")) {
                insert.setString(1, subAgent);
                insert.setString(2, subAgent);
                insert.setString(3, firstId);
                insert.executeUpdate();
            }
            browser.findElement(org.openqa.selenium.By.id("nav-conversations")).click();
            wait.until(driver -> driver.getPageSource().contains(String.valueOf(conversation)));
            Browser.screenshot(browser, "conversations");
            browser.get(tollgate.baseUrl() + "/dashboard/conversation.xhtml?id=" + conversation);
            assertThat(browser.findElement(org.openqa.selenium.By.id("turns"))
                            .findElements(org.openqa.selenium.By.tagName("tr")))
                    .hasSize(5); // the header, three turns and the sub-agent's
            // drawn: a lane each for the main line, the edit's branch and the sub-agent, every turn but
            // the first hanging from the one it grew from
            var tree = browser.findElement(org.openqa.selenium.By.id("tree"));
            assertThat(tree.findElements(org.openqa.selenium.By.tagName("circle")))
                    .hasSize(4);
            assertThat(tree.findElements(org.openqa.selenium.By.tagName("path")))
                    .hasSize(3);
            assertThat(browser.findElement(org.openqa.selenium.By.id("lanes"))
                            .findElements(org.openqa.selenium.By.tagName("li")))
                    .extracting(org.openqa.selenium.WebElement::getText)
                    .satisfiesExactly(
                            lane -> assertThat(lane).contains("main line"),
                            lane -> assertThat(lane).contains("branch branch_"),
                            lane -> assertThat(lane).contains("sub-agent " + subAgent));
            Browser.screenshot(browser, "conversation");
            browser.findElement(org.openqa.selenium.By.className("sub-agent-link"))
                    .click();
            wait.until(driver -> driver.getCurrentUrl().endsWith("id=" + subAgent));
            assertThat(browser.findElement(org.openqa.selenium.By.id("tree"))
                            .findElements(org.openqa.selenium.By.tagName("circle")))
                    .hasSize(1);

            // an error page tells nothing about the server
            browser.get(tollgate.baseUrl() + "/dashboard/no-such-page.xhtml");
            assertThat(browser.getPageSource()).contains("No such page").doesNotContainIgnoringCase("exception");
        } catch (RuntimeException | AssertionError failure) {
            // what the browser showed, for whoever reads the failure
            Browser.screenshot(browser, "failure");
            Files.writeString(log.resolveSibling("dashboard-failure.html"), browser.getPageSource());
            throw failure;
        } finally {
            browser.quit();
        }
    }

    private static HttpRequest.Builder get(String base, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).GET();
    }

    private static HttpRequest.Builder login(String key) {
        return HttpRequest.newBuilder(URI.create(tollgate.baseUrl() + "/dashboard/login"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + key));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return NO_REDIRECTS.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET from a chosen local address (all of 127.0.0.0/8 is this machine), as a proxy there would send it. */
    private static String raw(String fromAddress, String path, String headerLine) throws Exception {
        return exchange(fromAddress, "GET " + path + " HTTP/1.1\r\n" + headerLine + "\r\n", "");
    }

    private static String rawPost(String fromAddress, String path, String form) throws Exception {
        return exchange(
                fromAddress,
                "POST " + path + " HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                        + form.getBytes(StandardCharsets.UTF_8).length + "\r\n",
                form);
    }

    private static String exchange(String fromAddress, String head, String body) throws Exception {
        URI base = URI.create(tollgate.baseUrl());
        try (Socket socket = new Socket(
                InetAddress.getByName(base.getHost()), base.getPort(), InetAddress.getByName(fromAddress), 0)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Host: localhost\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }
}
