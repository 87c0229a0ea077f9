package dev.tollgate.cli;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tollgate generate-api-key}: client keys in the seeds' format, {@code cnp_live_} followed
 * by 32 random bytes in unpadded base64url (43 characters).
 */
@Command(
        name = "generate-api-key",
        mixinStandardHelpOptions = true,
        description = "Print new client API keys (cnp_live_ + 32 random bytes, base64url).")
public class GenerateApiKeyCommand implements Callable<Integer> {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Option(names = "--test", description = "Make test keys (cnp_test_ prefix).")
    boolean test;

    @Option(
            names = {"-n", "--count"},
            defaultValue = "1",
            description = "How many keys to print, one per line (default ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() {
        if (count < 1 || count > 1000) {
            System.err.println("generate-api-key: --count must be between 1 and 1000");
            return 2;
        }
        for (int i = 0; i < count; i++) {
            System.out.println(newKey(test));
        }
        return 0;
    }

    static String newKey(boolean test) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return (test ? "cnp_test_" : "cnp_live_")
                + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
