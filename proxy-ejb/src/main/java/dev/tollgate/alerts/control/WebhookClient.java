package dev.tollgate.alerts.control;

import dev.tollgate.alerts.entity.AlertDeliveryException;
import dev.tollgate.credentials.entity.SlackWebhook;
import dev.tollgate.journal.control.SecretMasking;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts a message to an incoming webhook, with a bound on connecting and on the whole exchange, so
 * that a webhook that hangs holds up nothing but the alert sender. One client for every webhook.
 */
public class WebhookClient {

    private static final int MAX_ANSWER_CHARS = 200;

    private final HttpClient client;
    private final Duration timeout;

    public WebhookClient(Duration connectTimeout, Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                // a redirect would carry the message (and whatever the URL holds) somewhere unasked
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @throws AlertDeliveryException when the webhook cannot be reached, times out or answers
     *     anything but 2xx; the message holds the webhook only masked
     */
    public void post(SlackWebhook webhook, String payload) {
        HttpRequest request = HttpRequest.newBuilder(webhook.url())
                // plaintext HTTP/2 would try an h2c upgrade, which receivers handle badly
                .version(
                        "https".equalsIgnoreCase(webhook.url().getScheme())
                                ? HttpClient.Version.HTTP_2
                                : HttpClient.Version.HTTP_1_1)
                .timeout(timeout)
                .header("content-type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> answer;
        try {
            answer = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AlertDeliveryException(
                    webhook.maskedUrl() + " not reached: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + hideUrl(e.getMessage(), webhook)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlertDeliveryException(webhook.maskedUrl() + " not reached: interrupted");
        }
        if (answer.statusCode() / 100 != 2) {
            String body = answer.body() == null ? "" : answer.body().strip();
            if (body.length() > MAX_ANSWER_CHARS) {
                body = body.substring(0, MAX_ANSWER_CHARS) + "...";
            }
            throw new AlertDeliveryException(webhook.maskedUrl() + " answered " + answer.statusCode()
                    + (body.isEmpty() ? "" : ": " + SecretMasking.maskText(hideUrl(body, webhook))));
        }
    }

    private static String hideUrl(String text, SlackWebhook webhook) {
        return text.replace(webhook.url().toString(), webhook.maskedUrl())
                .replace(webhook.url().getRawPath(), "/****");
    }
}
