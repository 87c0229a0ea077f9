package dev.tollgate.cli.oauth;

import static dev.tollgate.messages.control.JsonDocuments.JSON;

import dev.tollgate.credentials.control.CredentialFileWriter;
import dev.tollgate.credentials.entity.OAuthTokens;
import dev.tollgate.oauth.entity.TokenEndpointException;
import dev.tollgate.oauth.entity.TokenRefusedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./tollgate oauth-login <file>}: a Claude subscription login with PKCE (S256). The
 * {@code state} is random and separate from the verifier, which never leaves this process until
 * the code exchange.
 */
@Command(
        name = "oauth-login",
        mixinStandardHelpOptions = true,
        description = "Log in to a Claude subscription and write the tokens to a credential file (mode 0600).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:logged in",
            "2:bad input (no code, state mismatch)",
            "3:code refused",
            "4:token endpoint failed"
        })
public class OAuthLoginCommand implements Callable<Integer> {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Parameters(paramLabel = "FILE", description = "The credential file to write (*.credentials.json).")
    Path file;

    @Option(
            names = "--authorize-url",
            defaultValue = "${env:CLAUDE_OAUTH_AUTHORIZE_URL:-https://claude.ai/oauth/authorize}",
            description = "Authorization page (CLAUDE_OAUTH_AUTHORIZE_URL, default ${DEFAULT-VALUE}).")
    String authorizeUrl;

    @Option(
            names = "--redirect-uri",
            defaultValue = "${env:CLAUDE_OAUTH_REDIRECT_URI:-https://console.anthropic.com/oauth/code/callback}",
            description = "Redirect URI registered for the client (default ${DEFAULT-VALUE}).")
    String redirectUri;

    @Option(
            names = "--scope",
            defaultValue = "org:create_api_key user:profile user:inference",
            description = "Scopes to ask for (default ${DEFAULT-VALUE}).")
    String scope;

    @Mixin
    OAuthOptions options;

    /** Where the pasted {@code code#state} comes from; tests replace it. */
    BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    @Override
    public Integer call() throws IOException {
        // an existing file (a Claude CLI credentials.json too) gets new tokens in its own shape
        if (!Files.exists(file) && !file.getFileName().toString().endsWith(".credentials.json")) {
            System.err.println("The file name must end with .credentials.json: " + file);
            return 2;
        }
        String verifier = randomToken();
        String state = randomToken();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("code", "true");
        query.put("client_id", options.clientId);
        query.put("response_type", "code");
        query.put("redirect_uri", redirectUri);
        query.put("scope", scope);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        query.put("state", state);
        System.out.println("Open this URL in a browser, log in, and paste the code shown (code#state):");
        System.out.println();
        System.out.println(authorizeUrl + "?"
                + query.entrySet().stream()
                        .map(entry ->
                                entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&")));
        System.out.println();
        System.out.print("Code: ");
        System.out.flush();
        String pasted = input.readLine();
        if (pasted == null || pasted.isBlank()) {
            System.err.println("No code given.");
            return 2;
        }
        String[] parts = pasted.trim().split("#", 2);
        if (parts.length == 2
                && !MessageDigest.isEqual(
                        parts[1].getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
            System.err.println("The pasted state does not match this login; start again.");
            return 2;
        }
        OAuthTokens tokens;
        try {
            tokens = options.endpoint().exchangeCode(parts[0], state, verifier, redirectUri);
        } catch (TokenRefusedException e) {
            System.err.println("The code was refused: " + e.getMessage());
            return 3;
        } catch (TokenEndpointException e) {
            System.err.println("Login failed: " + e.getMessage());
            return 4;
        }
        write(tokens);
        System.out.println("Logged in; wrote " + file + " (mode 0600), token valid until "
                + Instant.ofEpochMilli(tokens.expiresAt()));
        return 0;
    }

    /** A new file in the seed format, or the new tokens into an existing one, keeping its other fields. */
    private void write(OAuthTokens tokens) throws IOException {
        CredentialFileWriter writer = new CredentialFileWriter();
        if (Files.exists(file)) {
            writer.writeTokens(file, tokens);
            return;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        var scopes = JSON.createArrayBuilder();
        tokens.scopes().forEach(scopes::add);
        writer.write(
                file,
                JSON.createObjectBuilder()
                        .add("type", "oauth")
                        .add("accountId", "acc_" + UUID.randomUUID().toString().replace("-", ""))
                        .add(
                                "oauth",
                                JSON.createObjectBuilder()
                                        .add("accessToken", tokens.accessToken())
                                        .add("refreshToken", tokens.refreshToken())
                                        .add("expiresAt", tokens.expiresAt())
                                        .add("scopes", scopes)
                                        .add("isMax", false))
                        .build());
    }

    static String randomToken() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
