package dev.tollgate.cli.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.cli.TollgateCli;
import dev.tollgate.sim.RecordedRequest;
import dev.tollgate.sim.UpstreamSimulator;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every oauth-* command end to end, against the simulator's token endpoint. */
class OAuthCommandsTest {

    static UpstreamSimulator simulator;

    @TempDir
    Path directory;

    String printed;
    String errors;
    ByteArrayOutputStream liveOut;

    @BeforeAll
    static void startSimulator() throws Exception {
        simulator = UpstreamSimulator.start(0);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    int run(Object command, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        liveOut = outBytes;
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true));
        System.setErr(new PrintStream(errBytes, true));
        try {
            String[] withEndpoint = new String[args.length + 1];
            System.arraycopy(args, 0, withEndpoint, 0, args.length);
            withEndpoint[args.length] = "--token-url=" + simulator.baseUrl() + "/v1/oauth/token";
            CommandLine commandLine = new CommandLine(command);
            return commandLine.execute(withEndpoint);
        } finally {
            System.setOut(out);
            System.setErr(err);
            printed = outBytes.toString();
            errors = errBytes.toString();
        }
    }

    Path oauthFile(String name, String refreshToken, long expiresAt) throws Exception {
        Path file = directory.resolve(name + ".credentials.json");
        Files.writeString(
                file,
                "{\"type\":\"oauth\",\"accountId\":\"acc_" + name
                        + "\",\"client_api_key\":\"cnp_live_keep\",\"oauth\":{"
                        + "\"accessToken\":\"sk-ant-oat01-" + name + "-old-token-0000\",\"refreshToken\":\""
                        + refreshToken
                        + "\",\"expiresAt\":" + expiresAt + ",\"scopes\":[\"user:inference\"],\"isMax\":false}}");
        return file;
    }

    List<RecordedRequest> tokenCalls(String refreshToken) {
        return simulator.recordedRequests().stream()
                .filter(request -> request.path().equals("/v1/oauth/token"))
                .filter(request -> request.bodyAsString().contains(refreshToken))
                .toList();
    }

    @Test
    void loginWithPkceWritesAFreshFileWithMode0600() throws Exception {
        OAuthLoginCommand login = new OAuthLoginCommand();
        // the "user" pastes code#state, reading the state from the URL the command printed
        login.input = new BufferedReader(new Reader() {
            Reader answer;

            @Override
            public int read(char[] buffer, int offset, int length) throws java.io.IOException {
                if (answer == null) {
                    System.out.flush();
                    Matcher state =
                            Pattern.compile("[?&]state=([A-Za-z0-9_-]+)").matcher(currentOutput());
                    answer = new StringReader(state.find() ? "code-from-browser#" + state.group(1) + "\n" : "\n");
                }
                return answer.read(buffer, offset, length);
            }

            @Override
            public void close() {}
        });
        Path file = directory.resolve("new-login.credentials.json");

        assertThat(run(login, file.toString())).as(errors).isZero();

        assertThat(printed)
                .contains("code_challenge_method=S256")
                .contains("client_id=9d1c250a-e61b-44d9-88ed-5944d1962f5e");
        Matcher challenge = Pattern.compile("code_challenge=([^&\\s]+)").matcher(printed);
        Matcher state = Pattern.compile("[?&]state=([^&\\s]+)").matcher(printed);
        assertThat(challenge.find() && state.find()).isTrue();
        assertThat(state.group(1)).isNotEqualTo(challenge.group(1));
        RecordedRequest exchange = simulator.recordedRequests().stream()
                .filter(request -> request.bodyAsString().contains("code-from-browser"))
                .findFirst()
                .orElseThrow();
        assertThat(exchange.bodyAsString())
                .contains("\"grant_type\":\"authorization_code\"")
                .contains("\"code_verifier\":");
        // the verifier went only to the token endpoint, and it matches the challenge of the URL
        String verifier = exchange.bodyAsString().replaceAll(".*\"code_verifier\":\"([^\"]+)\".*", "$1");
        assertThat(OAuthLoginCommand.challenge(verifier)).isEqualTo(challenge.group(1));
        assertThat(printed).doesNotContain(verifier);

        String content = Files.readString(file);
        assertThat(content)
                .contains("\"type\": \"oauth\"")
                .contains("sk-ant-oat01-")
                .contains("sk-ant-ort01-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aPastedStateThatDoesNotMatchIsRefused() throws Exception {
        OAuthLoginCommand login = new OAuthLoginCommand();
        login.input = new BufferedReader(new StringReader("code#not-the-state\n"));
        assertThat(run(login, directory.resolve("x.credentials.json").toString()))
                .isEqualTo(2);
        assertThat(errors).contains("state does not match");
        assertThat(directory.resolve("x.credentials.json")).doesNotExist();
    }

    @Test
    void statusShowsValidityAndMasksTokens() throws Exception {
        Path valid = oauthFile("valid", "sk-ant-ort01-valid-refresh-0000", System.currentTimeMillis() + 7_200_000);
        assertThat(run(new OAuthStatusCommand(), valid.toString())).isZero();
        assertThat(printed)
                .contains("valid")
                .contains("sk-ant-o...0000")
                .doesNotContain("sk-ant-oat01-valid-old-token-0000")
                .contains("user:inference")
                .contains("Refresh token: present");

        Path expired = oauthFile("expired", "sk-ant-ort01-expired-refresh", System.currentTimeMillis() - 60_000);
        assertThat(run(new OAuthStatusCommand(), expired.toString())).isEqualTo(1);
        assertThat(printed).contains("EXPIRED");

        assertThat(run(
                        new OAuthStatusCommand(),
                        directory.resolve("missing.credentials.json").toString()))
                .isEqualTo(2);
        assertThat(errors).contains("No such credential file");
        Path broken = Files.writeString(directory.resolve("broken.credentials.json"), "{not json");
        assertThat(run(new OAuthStatusCommand(), broken.toString())).isEqualTo(2);
        assertThat(errors).contains("not valid JSON");
    }

    /** A Claude CLI credentials file in the seed's shape (CCProxy's guide), made-up tokens. */
    Path claudeCliFile(Path home, String refreshToken, long expiresAt) throws Exception {
        Path file = Files.createDirectories(home.resolve(".claude")).resolve(".credentials.json");
        Files.writeString(
                file,
                "{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-oat01-cli-made-up-access-token-0000\","
                        + "\"refreshToken\":\"" + refreshToken + "\",\"expiresAt\":" + expiresAt
                        + ",\"scopes\":[\"user:inference\",\"user:profile\"],\"subscriptionType\":\"max\"},"
                        + "\"otherCliSetting\":{\"kept\":true}}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** {@code Name:   value} lines of oauth-status, by name. */
    static java.util.Map<String, String> fields(String output) {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    @Test
    void statusOfTheClaudeCliCredentialsShowsWhatCcproxyAuthInfoShowsFieldByField() throws Exception {
        Path home = directory.resolve("home");
        String refresh = "sk-ant-ort01-cli-status-refresh-" + System.nanoTime() + "-9999";
        Path file = claudeCliFile(home, refresh, System.currentTimeMillis() + 7_230_000);
        OAuthStatusCommand status = new OAuthStatusCommand();
        status.home = home;

        assertThat(run(status)).as(errors).isZero();

        var fields = fields(printed);
        assertThat(fields.keySet())
                .containsExactly(
                        "File",
                        "Format",
                        "Storage",
                        "Subscription",
                        "Account",
                        "Organisation",
                        "Status",
                        "Expires at",
                        "Time left",
                        "Scopes",
                        "Access token",
                        "Refresh token");
        assertThat(fields.get("File"))
                .isEqualTo(file.toAbsolutePath().normalize().toString());
        assertThat(fields.get("Format")).isEqualTo("Claude CLI credentials (claudeAiOauth)");
        assertThat(fields.get("Storage")).isEqualTo("file, mode rw------- (Tollgate uses no system keyring)");
        assertThat(fields.get("Subscription")).isEqualTo("max");
        assertThat(fields.get("Account")).startsWith("unknown (only the token endpoint's answer names it");
        assertThat(fields.get("Organisation")).startsWith("unknown");
        assertThat(fields.get("Status")).isEqualTo("valid");
        assertThat(java.time.Instant.parse(fields.get("Expires at")).toEpochMilli())
                .isEqualTo(Files.readString(file)
                        .replaceAll(".*\"expiresAt\":(\\d+).*", "$1")
                        .transform(Long::parseLong));
        assertThat(fields.get("Time left")).matches("[12] h \\d+ min");
        assertThat(fields.get("Scopes")).isEqualTo("user:inference user:profile");
        assertThat(fields.get("Access token")).isEqualTo("sk-ant-o...0000");
        assertThat(fields.get("Refresh token")).isEqualTo("present (sk-ant-o...9999)");
        assertThat(printed)
                .doesNotContain("sk-ant-oat01-cli-made-up-access-token-0000")
                .doesNotContain(refresh);
        assertThat(tokenCalls(refresh))
                .as("a status check spends no refresh token")
                .isEmpty();
    }

    @Test
    void anExpiredTokenIsRenewedOnlyWhenAskedAndTheFileKeepsItsShapeAndMode() throws Exception {
        Path home = directory.resolve("home");
        String refresh = "sk-ant-ort01-cli-expired-" + System.nanoTime();
        Path file = claudeCliFile(home, refresh, System.currentTimeMillis() - 120_000);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));

        assertThat(run(new OAuthStatusCommand(), file.toString())).isEqualTo(1);
        assertThat(fields(printed).get("Status")).isEqualTo("EXPIRED");
        assertThat(fields(printed).get("Time left"))
                .startsWith("none, expired 2 min")
                .endsWith("(--renew renews it)");
        assertThat(tokenCalls(refresh)).isEmpty();

        assertThat(run(new OAuthStatusCommand(), file.toString(), "--renew"))
                .as(errors)
                .isZero();
        assertThat(tokenCalls(refresh)).hasSize(1);
        var fields = fields(printed);
        assertThat(fields.get("Status")).isEqualTo("valid (renewed and written back)");
        assertThat(fields.get("Account")).isEqualTo("simulated.user@example.com");
        assertThat(fields.get("Organisation"))
                .startsWith("Simulated Organization (")
                .endsWith(")");
        assertThat(fields.get("Time left")).matches("(7 h 59|8 h 0) min");
        assertThat(fields.get("Access token")).startsWith("sk-ant-o...").doesNotContain("made-up");
        assertThat(fields.get("Storage")).contains("mode r--------");

        var written = jakarta.json.Json.createReader(new StringReader(Files.readString(file)))
                .readObject();
        assertThat(written.keySet()).containsExactly("claudeAiOauth", "otherCliSetting");
        assertThat(written.getJsonObject("claudeAiOauth").getString("refreshToken"))
                .startsWith("sk-ant-ort01-")
                .isNotEqualTo(refresh);
        assertThat(written.getJsonObject("claudeAiOauth").getString("subscriptionType"))
                .isEqualTo("max");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("r--------");
        assertThat(printed)
                .doesNotContain(written.getJsonObject("claudeAiOauth").getString("accessToken"));
    }

    @Test
    void withoutAFileAndWithoutAClaudeLoginTheStatusSaysWhereItLooked() {
        OAuthStatusCommand status = new OAuthStatusCommand();
        status.home = directory.resolve("nobody");
        assertThat(run(status)).isEqualTo(2);
        assertThat(errors).contains("No Claude CLI credentials found").contains(".claude/.credentials.json");
    }

    @Test
    void aSeedFileSaysOnlyWhatItKnowsOfTheSubscription() throws Exception {
        Path file = oauthFile("seed", "sk-ant-ort01-seed-refresh", System.currentTimeMillis() + 3_600_000);
        assertThat(run(new OAuthStatusCommand(), file.toString())).isZero();
        assertThat(fields(printed).get("Format")).isEqualTo("Tollgate credential file (type oauth)");
        assertThat(fields(printed).get("Subscription")).startsWith("unknown");
    }

    @Test
    void refreshOnlyWhenDueOrForcedAndKeepsTheOtherFields() throws Exception {
        String refresh = "sk-ant-ort01-refresh-me-" + System.nanoTime();
        Path file = oauthFile("refresh", refresh, System.currentTimeMillis() + 7_200_000);
        assertThat(run(new OAuthRefreshCommand(), file.toString())).isZero();
        assertThat(printed).contains("still valid");
        assertThat(tokenCalls(refresh)).isEmpty();

        assertThat(run(new OAuthRefreshCommand(), file.toString(), "--force"))
                .as(errors)
                .isZero();
        assertThat(tokenCalls(refresh)).hasSize(1);
        String content = Files.readString(file);
        assertThat(content).doesNotContain(refresh).contains("\"client_api_key\": \"cnp_live_keep\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aRevokedRefreshTokenSaysToLogInAgain() throws Exception {
        String refresh = "sk-ant-ort01-revoked-" + System.nanoTime();
        simulator.revokeRefreshToken(refresh);
        Path file = oauthFile("revoked", refresh, System.currentTimeMillis() - 1000);
        assertThat(run(new OAuthRefreshCommand(), file.toString())).isEqualTo(3);
        assertThat(errors).contains("./tollgate oauth-login " + file);
    }

    @Test
    void refreshAllRefreshesWhatExpiresSoonAndDryRunTouchesNothing() throws Exception {
        String soon = "sk-ant-ort01-soon-" + System.nanoTime();
        String later = "sk-ant-ort01-later-" + System.nanoTime();
        oauthFile("soon", soon, System.currentTimeMillis() + 60_000);
        oauthFile("later", later, System.currentTimeMillis() + 86_400_000);
        Files.writeString(
                directory.resolve("key.credentials.json"), "{\"type\":\"api_key\",\"api_key\":\"sk-ant-api03-x\"}");

        assertThat(run(new OAuthRefreshAllCommand(), directory.toString(), "--dry-run"))
                .isZero();
        assertThat(printed).contains("would be refreshed (dry run)");
        assertThat(tokenCalls(soon)).isEmpty();

        assertThat(run(new OAuthRefreshAllCommand(), directory.toString()))
                .as(errors)
                .isZero();
        assertThat(tokenCalls(soon)).hasSize(1);
        assertThat(tokenCalls(later)).isEmpty();
    }

    @Test
    void theCommandsAreSubcommandsOfTollgate() {
        CommandLine tollgate = new CommandLine(new TollgateCli());
        assertThat(tollgate.getSubcommands())
                .containsKeys("oauth-login", "oauth-status", "oauth-refresh", "oauth-refresh-all");
    }

    private String currentOutput() {
        return liveOut.toString();
    }
}
