package dev.tollgate.alerts.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.alerts.entity.Alert;
import dev.tollgate.alerts.entity.AlertKind;
import dev.tollgate.credentials.entity.SlackWebhook;
import dev.tollgate.journal.entity.CompletedRequest;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class AuthFailureAlertsTest {

    private final RecordingDispatcher dispatcher = new RecordingDispatcher();

    private AuthFailureAlerts cut(String per, FixedAccounts accounts) {
        AuthFailureAlerts cut = new AuthFailureAlerts();
        cut.threshold = 3;
        cut.windowSeconds = 60;
        cut.per = per;
        cut.dispatcher = dispatcher;
        cut.accounts = accounts;
        cut.start();
        return cut;
    }

    private static CompletedRequest request(String domain, String train, String accountId, int status) {
        return new CompletedRequest(
                "id",
                OffsetDateTime.now(),
                "POST",
                "/v1/messages",
                train,
                domain,
                accountId,
                null,
                "198.51.100.4",
                null,
                null,
                false,
                status,
                1,
                null,
                0,
                0,
                0,
                0,
                null,
                null,
                1,
                false,
                null,
                null,
                null,
                "{}",
                0,
                0);
    }

    @Test
    void onlyTollgatesOwnRefusalsWithStatus401Count() {
        AuthFailureAlerts cut = cut("global", new FixedAccounts());
        for (int i = 0; i < 10; i++) {
            cut.onCompleted(request("a.example", "t", "acc_upstream", 401)); // the upstream refused an account
            cut.onCompleted(request("a.example", "t", null, 400)); // a bad request, not a bad key
            cut.onCompleted(request("a.example", "t", null, 200));
        }
        assertThat(dispatcher.raised).isEmpty();
    }

    @Test
    void moreThanTheThresholdRaisesTheSpikeForEveryFurtherFailure() {
        AuthFailureAlerts cut = cut("global", new FixedAccounts());
        for (int i = 0; i < 3; i++) {
            cut.onCompleted(request("a.example", "t", null, 401));
        }
        assertThat(dispatcher.raised).isEmpty();

        cut.onCompleted(request("a.example", "t", null, 401));
        cut.onCompleted(request("b.example", "u", null, 401));

        // the dispatcher's rate limiter makes one message of these
        assertThat(dispatcher.raised).hasSize(2).allSatisfy(alert -> {
            assertThat(alert.kind()).isEqualTo(AlertKind.AUTH_FAILURE_SPIKE);
            assertThat(alert.subject()).isEqualTo("global all");
            assertThat(alert.accountName()).isNull();
        });
    }

    @Test
    void perDomainADomainWithItsOwnFileGetsTheAlertOnItsWebhookOthersOnTheGlobalOne() {
        SlackWebhook own = SlackWebhook.of("https://hooks.slack.com/services/T/B/domainsecret", null, null, null, true);
        AuthFailureAlerts cut = cut(
                "domain",
                new FixedAccounts(
                        FixedAccounts.apiKeyAccount("app1.example.com", true, own),
                        FixedAccounts.apiKeyAccount("pool-1", false, null)));
        for (int i = 0; i < 4; i++) {
            cut.onCompleted(request("app1.example.com", "t", null, 401));
            cut.onCompleted(request("other.example.com", "t", null, 401));
        }

        assertThat(dispatcher.raised)
                .extracting(Alert::subject, Alert::accountName)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("domain app1.example.com", "app1.example.com"),
                        org.assertj.core.groups.Tuple.tuple("domain other.example.com", null));
    }

    @Test
    void perTrainTrainsAreCountedApart() {
        AuthFailureAlerts cut = cut("TRAIN", new FixedAccounts());
        for (int i = 0; i < 3; i++) {
            cut.onCompleted(request("a.example", "team-a", null, 401));
            cut.onCompleted(request("a.example", "team-b", null, 401));
        }
        assertThat(dispatcher.raised).isEmpty();
        cut.onCompleted(request("a.example", "team-b", null, 401));
        assertThat(dispatcher.raised).extracting(Alert::subject).containsExactly("train team-b");
    }

    @Test
    void anUnknownScopeIsReportedAndCountsPerDomain() {
        AuthFailureAlerts cut = cut("per-planet", new FixedAccounts());
        for (int i = 0; i < 4; i++) {
            cut.onCompleted(request("a.example", "t", null, 401));
        }
        assertThat(dispatcher.raised).extracting(Alert::subject).containsExactly("domain a.example");
    }
}
