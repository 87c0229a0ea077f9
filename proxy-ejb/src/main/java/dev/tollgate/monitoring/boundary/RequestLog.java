package dev.tollgate.monitoring.boundary;

import dev.tollgate.journal.entity.CompletedRequest;
import dev.tollgate.monitoring.control.RequestLogLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One log line per journaled request, on the logger {@value #LOGGER} (the server log: Payara's
 * console and {@code server.log}), written from the journal's writer thread, never from a request
 * thread. {@code tollgate.request-log.format=json} makes each line one JSON object.
 * {@code DEBUG=true} adds headers, user agent and body sizes, masked like everything else.
 */
@ApplicationScoped
public class RequestLog {

    public static final String LOGGER = "dev.tollgate.requests";

    private static final Logger LOG = Logger.getLogger(LOGGER);

    /** Tollgate's loggers, held so that a level set here sticks (JUL keeps loggers weakly). */
    private static final Logger TOLLGATE = Logger.getLogger("dev.tollgate");

    @Inject
    @ConfigProperty(name = "tollgate.request-log.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "tollgate.request-log.format", defaultValue = "text")
    String format;

    @Inject
    @ConfigProperty(name = "DEBUG", defaultValue = "false")
    boolean debug;

    private boolean json;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        json = "json".equalsIgnoreCase(format.trim());
        if (!json && !"text".equalsIgnoreCase(format.trim())) {
            LOG.warning("tollgate.request-log.format=" + format + " is neither text nor json: writing text");
        }
        if (debug) {
            // the server's console handler passes FINE; only Tollgate's own loggers get chattier
            TOLLGATE.setLevel(Level.FINE);
            LOG.info("DEBUG=true: detailed request log and Tollgate's FINE messages (secrets still masked)");
        }
    }

    void requestCompleted(@Observes CompletedRequest request) {
        if (!enabled || !LOG.isLoggable(Level.INFO)) {
            return;
        }
        // no parameters: a formatter would read "{0" in a client's text as a placeholder
        RequestLogLine line = RequestLogLine.of(request, debug);
        LogRecord record =
                new LogRecord(request.status() >= 500 ? Level.WARNING : Level.INFO, json ? line.json() : line.text());
        record.setLoggerName(LOGGER);
        LOG.log(record);
    }
}
