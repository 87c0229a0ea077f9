package dev.tollgate.alerts.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.alerts.entity.AlertDeliveryException;
import dev.tollgate.credentials.entity.SlackWebhook;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local webhook receiver: what it gets, and what a failing one looks like in the log. */
class WebhookClientTest {

    private static final String TOKEN = "T0000/B0000/xoxbSecretWebhookToken42";

    private final WebhookClient cut = new WebhookClient(Duration.ofSeconds(2), Duration.ofSeconds(2));
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/services/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("content-type"));
            byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.createContext("/broken/", exchange -> {
            byte[] answer = ("no_service for /broken/" + TOKEN).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.createContext("/slow/", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        release.countDown();
        receiver.stop(0);
    }

    private SlackWebhook webhook(String path) {
        return SlackWebhook.of(
                "http://127.0.0.1:" + receiver.getAddress().getPort() + path + TOKEN, null, null, null, true);
    }

    @Test
    void postsTheJsonPayload() {
        cut.post(webhook("/services/"), "{\"text\":\"héllo\"}");

        assertThat(bodies).containsExactly("{\"text\":\"héllo\"}");
        assertThat(contentTypes).singleElement().asString().startsWith("application/json");
    }

    @Test
    void aRefusingWebhookIsReportedWithItsAnswerButNotItsUrl() {
        assertThatThrownBy(() -> cut.post(webhook("/broken/"), "{}"))
                .isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("answered 404")
                .hasMessageContaining("no_service")
                .hasMessageContaining(
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/****")
                .hasMessageNotContaining("xoxbSecret");
    }

    @Test
    void aWebhookThatDoesNotAnswerIsGivenUpAfterTheTimeout() {
        assertThatThrownBy(() -> cut.post(webhook("/slow/"), "{}"))
                .isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("not reached")
                .hasMessageNotContaining("xoxbSecret");
    }

    @Test
    void aWebhookNobodyListensOnIsReportedMasked() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SlackWebhook nobody =
                SlackWebhook.of("http://127.0.0.1:" + closedPort + "/services/" + TOKEN, null, null, null, true);

        assertThatThrownBy(() -> cut.post(nobody, "{}"))
                .isInstanceOf(AlertDeliveryException.class)
                .hasMessageContaining("not reached")
                .hasMessageNotContaining("xoxbSecret");
    }
}
