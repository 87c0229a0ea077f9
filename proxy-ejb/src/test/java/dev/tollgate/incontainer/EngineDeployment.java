package dev.tollgate.incontainer;

import java.io.File;
import java.net.URISyntaxException;
import org.assertj.core.api.Assertions;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The engine as {@code proxy-web.war} carries it on Payara Micro: the built EJB jar and its
 * libraries in {@code WEB-INF/lib}, plus the test classes. Failsafe names the jars (see this
 * module's pom): the pre-integration-test phase copies the libraries, so no resolver is needed.
 */
public final class EngineDeployment {

    private EngineDeployment() {}

    public static WebArchive of(Class<?>... testClasses) {
        File[] libraries = new File(requiredProperty("tollgate.it.libraries")).listFiles(File::isFile);
        if (libraries == null || libraries.length == 0) {
            throw new IllegalStateException("no engine libraries in " + requiredProperty("tollgate.it.libraries"));
        }
        return ShrinkWrap.create(WebArchive.class, "tollgate-engine-it.war")
                .addAsLibrary(new File(requiredProperty("tollgate.it.engine-jar")))
                .addAsLibraries(libraries)
                // the tests assert inside the container
                .addAsLibrary(jarOf(Assertions.class))
                // referenced by the test classes' annotations, so JUnit in the container needs it
                .addClass(EngineEnvironment.class)
                .addClasses(testClasses);
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " not set: run the in-container tests"
                    + " through Maven (./mvnw verify), whose failsafe configuration sets it");
        }
        return value;
    }
}
