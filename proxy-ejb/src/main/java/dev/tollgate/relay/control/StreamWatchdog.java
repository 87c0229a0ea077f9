package dev.tollgate.relay.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Ends upstream streams that fall silent. The JDK client has no read timeout once response headers
 * are in, so an upstream that stops sending mid-stream would hold a request thread and the client
 * forever. The API sends {@code ping} events while it works, so a long silence means it is gone.
 */
@ApplicationScoped
public class StreamWatchdog {

    @Inject
    @ConfigProperty(name = "tollgate.upstream.stream-idle-timeout-seconds", defaultValue = "300")
    long idleTimeoutSeconds;

    private ScheduledExecutorService scheduler;

    @PostConstruct
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tollgate-stream-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    /** Starts watching a stream; the caller reports each read with {@link Watch#activity()}. */
    public Watch watch(InputStream upstreamBody) {
        return new Watch(upstreamBody);
    }

    public long idleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    /** One watched stream. */
    public final class Watch implements AutoCloseable {
        private final InputStream upstreamBody;
        private final ScheduledFuture<?> check;
        private volatile long lastActivityNanos = System.nanoTime();
        private volatile boolean expired;

        private Watch(InputStream upstreamBody) {
            this.upstreamBody = upstreamBody;
            long period = Math.max(1, idleTimeoutSeconds * 1000 / 4);
            this.check = scheduler.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        public void activity() {
            lastActivityNanos = System.nanoTime();
        }

        /** True when the watchdog closed the stream for silence. */
        public boolean expired() {
            return expired;
        }

        private void check() {
            if (System.nanoTime() - lastActivityNanos > TimeUnit.SECONDS.toNanos(idleTimeoutSeconds)) {
                expired = true;
                check.cancel(false);
                try {
                    upstreamBody.close(); // the blocked read fails, and the relay reports it
                } catch (IOException e) {
                    // closing a dead stream may complain; it is closed all the same
                }
            }
        }

        @Override
        public void close() {
            check.cancel(false);
        }
    }
}
