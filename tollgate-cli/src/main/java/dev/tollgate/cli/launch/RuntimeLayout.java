package dev.tollgate.cli.launch;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the built pieces are: Payara Micro and the two WARs, copied by the build into
 * {@code tollgate-cli/target/runtime} next to the command's jar.
 */
public record RuntimeLayout(Path payaraMicroJar, Path proxyWar, Path dashboardWar) {

    public static RuntimeLayout in(Path runtimeDirectory) {
        var layout = new RuntimeLayout(
                runtimeDirectory.resolve("payara-micro.jar"),
                runtimeDirectory.resolve("proxy-web.war"),
                runtimeDirectory.resolve("dashboard-war.war"));
        for (Path file : new Path[] {layout.payaraMicroJar, layout.proxyWar, layout.dashboardWar}) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(
                        file + " is missing: build first with ./mvnw -DskipTests package (./tollgate run does this)");
            }
        }
        return layout;
    }

    /** The runtime directory beside the jar this class was loaded from. */
    public static RuntimeLayout besideCommandJar() {
        try {
            Path jar = Path.of(RuntimeLayout.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return in(jar.getParent().resolve("runtime"));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
