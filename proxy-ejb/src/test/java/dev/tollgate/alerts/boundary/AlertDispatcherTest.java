package dev.tollgate.alerts.boundary;

import static dev.tollgate.messages.control.JsonDocuments.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.AlertKind;
import dev.tollgate.credentials.entity.SlackWebhook;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate limit, routing and payload together, against a local webhook receiver; sending runs inline. */
class AlertDispatcherTest {

    private record Post(String path, JsonObject body) {}

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final Logger logger = Logger.getLogger(AlertDispatcher.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            log.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private HttpServer receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.add(new Post(
                    exchange.getRequestURI().getPath(),
                    JSON.createReader(new StringReader(body)).readObject()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        logger.addHandler(handler);
    }

    @AfterEach
    void stop() {
        logger.removeHandler(handler);
        receiver.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private AlertDispatcher cut(String globalUrl, FixedAccounts accounts) {
        AlertDispatcher cut = new AlertDispatcher();
        cut.globalWebhookUrl = Optional.ofNullable(globalUrl);
        cut.globalChannel = Optional.of("#ops");
        cut.globalUsername = Optional.empty();
        cut.globalIconEmoji = Optional.empty();
        cut.minIntervalSeconds = 300;
        cut.connectTimeoutSeconds = 2;
        cut.timeoutSeconds = 2;
        cut.attempts = 2;
        cut.accounts = accounts;
        cut.executor = Runnable::run; // inline, so the receiver has the message when raise() returns
        cut.start();
        return cut;
    }

    private static Alert relogin(String account) {
        return new Alert(
                AlertKind.RELOGIN_REQUIRED, account, "`" + account + "` needs a new login", "Fix it.", account);
    }

    @Test
    void anAccountWithItsOwnWebhookGetsItsAlertsThereTheOthersGoToTheGlobalOne() {
        AlertDispatcher cut = cut(
                url("/global/T/B/globalsecret1234"),
                new FixedAccounts(
                        FixedAccounts.apiKeyAccount(
                                "own",
                                false,
                                SlackWebhook.of(url("/own/T/B/ownsecret12345"), "#own", "Bot", ":key:", true)),
                        FixedAccounts.apiKeyAccount(
                                "off", false, SlackWebhook.of(url("/off/T/B/offsecret12345"), null, null, null, false)),
                        FixedAccounts.apiKeyAccount("plain", false, null)));

        cut.raise(relogin("own"));
        cut.raise(relogin("off"));
        cut.raise(relogin("plain"));

        assertThat(posts)
                .extracting(Post::path)
                .containsExactly(
                        "/own/T/B/ownsecret12345", "/global/T/B/globalsecret1234", "/global/T/B/globalsecret1234");
        assertThat(posts.get(0).body().getString("channel")).isEqualTo("#own");
        assertThat(posts.get(0).body().getString("username")).isEqualTo("Bot");
        assertThat(posts.get(1).body().getString("channel")).isEqualTo("#ops");
        assertThat(posts.get(1).body().getString("text")).contains("`off` needs a new login");
    }

    @Test
    void aStormOfOneAlertSendsOneMessage() {
        AlertDispatcher cut = cut(url("/global/T/B/globalsecret1234"), new FixedAccounts());
        for (int i = 0; i < 5_000; i++) {
            cut.raise(new Alert(AlertKind.AUTH_FAILURE_SPIKE, "domain x", "spike", "details", null));
        }

        assertThat(posts).hasSize(1);
        assertThat(log.stream().filter(line -> line.startsWith("Alert ("))).hasSize(1);
    }

    @Test
    void withoutAnyWebhookAlertsAreLoggedOnce() {
        AlertDispatcher cut = cut(null, new FixedAccounts(FixedAccounts.apiKeyAccount("plain", false, null)));
        cut.raise(relogin("plain"));
        cut.raise(relogin("plain"));

        assertThat(posts).isEmpty();
        assertThat(log.stream().filter(line -> line.startsWith("Alert (no webhook configured)")))
                .singleElement()
                .asString()
                .contains("`plain` needs a new login");
    }

    @Test
    void aBrokenGlobalUrlIsReportedWithoutItAndAlertsAreOnlyLogged() {
        AlertDispatcher cut = cut("hooks.slack.com/services/T/B/brokensecret", new FixedAccounts());
        cut.raise(relogin("plain"));

        assertThat(posts).isEmpty();
        assertThat(log).anySatisfy(line -> assertThat(line).startsWith("SLACK_WEBHOOK_URL is ignored"));
        assertThat(log).noneSatisfy(line -> assertThat(line).contains("brokensecret"));
    }

    @Test
    void aFailingWebhookIsTriedTwiceThenGivenUpLoggedMasked() {
        AlertDispatcher cut = cut(url("/missing/T/B/missingsecret12"), new FixedAccounts());
        receiver.removeContext("/");
        receiver.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });

        cut.raise(relogin("plain"));

        assertThat(log.stream().filter(line -> line.contains("not delivered"))).hasSize(2);
        assertThat(log).anySatisfy(line -> assertThat(line).contains("answered 404", "given up"));
        assertThat(log).noneSatisfy(line -> assertThat(line).contains("missingsecret"));
    }
}
