package dev.tollgate.it.ear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.launch.EmbeddedDatabase;
import dev.tollgate.sim.UpstreamSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EAR on a Payara Server deployment group of two instances, set up as {@code docs/operations.md}
 * ("Several instances") says: a fresh domain started with Tollgate's environment, configured by
 * {@code configure-domain.sh --deployment-group tollgate-group --instances 2}, restarted, the group started
 * with {@code asadmin start-deployment-group} and the EAR deployed with {@code deploy --target tollgate-group}.
 * Both instances relay and journal into one PostgreSQL, form one data grid with the server, share dashboard
 * sessions, and each holds a spill directory of its own.
 *
 * <p>Logs: {@code target/it-work/group/logs} (one file per {@code asadmin} call), the server's
 * {@code target/it-work/group/domains/tollgate-group-it/logs/server.log} and the instances'
 * {@code target/payara-server/payara6/glassfish/nodes/localhost-tollgate-group-it/<instance>/logs/server.log}.
 */
class DeploymentGroupIT {

    private static final String GROUP = "tollgate-group";
    private static final List<String> INSTANCES = List.of(GROUP + "-1", GROUP + "-2");
    private static final String ACCOUNT_KEY = "sk-ant-api03-" + "GROUP-smoke-key-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String CLIENT_KEY = "group-client-key";
    private static final String DASHBOARD_KEY = "group-it-dashboard-key-0123456789";
    private static final String BODY = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":32,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi from the deployment group\"}]}";
    private static final Path CONFIGURE_DOMAIN = Path.of(System.getProperty("tollgate.config.dir", "../config"))
            .resolve("payara-server/configure-domain.sh");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static EmbeddedDatabase database;
    private static Path databaseDirectory;
    private static UpstreamSimulator simulator;
    private static PayaraServerDomain domain;
    private static Path spill;
    private static int instancePortBase;

    @BeforeAll
    static void deployTheEarOnADeploymentGroup() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("tollgate.work.dir", "target/it-work"))
                .resolve("group"));
        Path ear = Path.of(System.getProperty("tollgate.runtime.dir", "target/runtime"))
                .resolve("proxy-ear.ear");
        Path payaraHome = Path.of(System.getProperty("tollgate.payara.server.dir", "target/payara-server/payara6"));
        assertThat(ear).as("the EAR under test").isRegularFile();

        databaseDirectory = Files.createTempDirectory(work, "postgres-");
        database = EmbeddedDatabase.start(databaseDirectory, 0);
        simulator = UpstreamSimulator.start(0);
        Path credentials = PayaraServerDomain.credentialsDirectory(work, "acc_group", ACCOUNT_KEY);
        spill = work.resolve("journal-spill");
        PayaraServerDomain.deleteRecursively(spill);
        PayaraServerDomain.privateDirectory(spill);

        domain = PayaraServerDomain.create(payaraHome, work, "tollgate-group-it", 29_000);
        instancePortBase = PayaraServerDomain.freePortBases(domain.portBase() + 100, INSTANCES.size());
        Map<String, String> environment = Map.of(
                "DATABASE_URL", database.libpqUrl(),
                "CLAUDE_API_BASE_URL", simulator.baseUrl(),
                "CREDENTIALS_DIR", credentials.toAbsolutePath().toString(),
                "TOLLGATE_JOURNAL_SPILL_DIR", spill.toAbsolutePath().toString(),
                "SECURITY__AUTH_TOKEN", CLIENT_KEY,
                "DASHBOARD_API_KEY", DASHBOARD_KEY);
        long started = System.nanoTime();
        domain.start(environment);
        Path environmentFile = PayaraServerDomain.environmentFile(work.resolve("tollgate.env"), environment);
        // run twice, as an operator may: nothing changes, nothing fails
        for (int run = 0; run < 2; run++) {
            domain.configure(
                    CONFIGURE_DOMAIN,
                    "--env-file",
                    environmentFile.toString(),
                    "--deployment-group",
                    GROUP,
                    "--instances",
                    String.valueOf(INSTANCES.size()),
                    "--instance-portbase",
                    String.valueOf(instancePortBase));
        }
        domain.restart();
        domain.administer(Duration.ofMinutes(8), "start-deployment-group", GROUP);
        log("domain and group started in " + seconds(started) + " s; instances' HTTP ports " + httpPort(0) + ", "
                + httpPort(1));
        started = System.nanoTime();
        domain.deploy(ear, "tollgate", GROUP);
        log("EAR deployed to " + GROUP + " in " + seconds(started) + " s");
    }

    @AfterAll
    static void stopEverything() throws IOException {
        if (domain != null) {
            domain.stopDeploymentGroup(GROUP);
            domain.stop();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (database != null) {
            database.close();
            PayaraServerDomain.deleteRecursively(databaseDirectory);
        }
    }

    @Test
    void everyInstanceRelaysAndJournalsIntoTheOneDatabase() throws Exception {
        for (int instance = 0; instance < INSTANCES.size(); instance++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url(instance, "/v1/messages")))
                    .header("content-type", "application/json")
                    .header("anthropic-version", "2023-06-01")
                    .header("x-api-key", CLIENT_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)));

            assertThat(response.statusCode())
                    .as("%s: %s; its log:%n%s", INSTANCES.get(instance), response.body(), logTail(instance))
                    .isEqualTo(200);
            String requestId =
                    response.headers().firstValue("x-tollgate-request-id").orElseThrow();
            assertThat(awaitJournalStatus(requestId))
                    .as("response_status of %s's request %s", INSTANCES.get(instance), requestId)
                    .isEqualTo(200);
        }
    }

    @Test
    void theInstancesAndTheServerFormOneDataGrid() throws Exception {
        // the server is a member too (domain discovery): two instances make three members
        int expected = INSTANCES.size() + 1;
        for (int instance = 0; instance < INSTANCES.size(); instance++) {
            long deadline = System.currentTimeMillis() + 60_000;
            int members;
            do {
                members = gridMembers(instance);
                if (members == expected) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(500);
            } while (System.currentTimeMillis() < deadline);
            assertThat(members)
                    .as("tollgate_cluster_members of %s; its log:%n%s", INSTANCES.get(instance), logTail(instance))
                    .isEqualTo(expected);
        }
    }

    @Test
    void aDashboardSessionOpenedOnOneInstanceHoldsOnTheOther() throws Exception {
        HttpResponse<String> loggedIn = send(HttpRequest.newBuilder(URI.create(url(0, "/dashboard/login")))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + DASHBOARD_KEY)));
        assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(303);
        String setCookie = loggedIn.headers().allValues("set-cookie").stream()
                .filter(cookie -> cookie.startsWith("dashboard_auth="))
                .findFirst()
                .orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(url(1, "/dashboard/")))
                .header("cookie", cookie)
                .GET());

        assertThat(page.statusCode())
                .as("the session of %s on %s", INSTANCES.get(0), INSTANCES.get(1))
                .isEqualTo(200);
    }

    @Test
    void everyInstanceHoldsASpillDirectoryOfItsOwn() throws Exception {
        for (int instance = 0; instance < INSTANCES.size(); instance++) {
            Path lockFile = spill.resolve(INSTANCES.get(instance)).resolve("instance.lock");
            assertThat(lockFile)
                    .as(
                            "the lock of %s's spill directory (configure-domain.sh's -Dtollgate.journal.spill-dir)",
                            INSTANCES.get(instance))
                    .isRegularFile();
            // held by the running instance: this JVM cannot take it
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                assertThat(channel.tryLock())
                        .as("lock of %s, taken by another process", INSTANCES.get(instance))
                        .isNull();
            } catch (OverlappingFileLockException e) {
                throw new AssertionError("this JVM holds " + lockFile + " itself", e);
            }
        }
    }

    private static int gridMembers(int instance) {
        try {
            HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(url(instance, "/metrics")))
                    .header("accept", "text/plain"));
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("tollgate_cluster_members")) {
                    return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int awaitJournalStatus(String requestId) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        do {
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT response_status FROM api_requests WHERE request_id = ?::uuid")) {
                statement.setString(1, requestId);
                try (ResultSet result = statement.executeQuery()) {
                    if (result.next()) {
                        return result.getInt(1);
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("no api_requests row for request " + requestId);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int httpPort(int instance) {
        return instancePortBase + 100 * instance + 80;
    }

    private static String url(int instance, String path) {
        return "http://localhost:" + httpPort(instance) + path;
    }

    private static String logTail(int instance) {
        return PayaraServerDomain.tail(domain.instanceLog(INSTANCES.get(instance)), 40);
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    private static void log(String line) {
        System.out.println("[DeploymentGroupIT] " + line);
    }
}
