package dev.tollgate.relay.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The threads event streams are relayed on, so that a stream does not hold one of the servlet
 * container's request threads for its whole life: Payara's {@code http-thread-pool} has 200, and a
 * stream mostly waits for the model. A thread is started for each stream when none is idle (no
 * queue: a queued stream would wait for another to end), up to
 * {@code tollgate.streams.max-threads}; past that the request thread relays the stream itself, as
 * before. Threads come from the container's {@link ManagedThreadFactory}, with the application's
 * context, and end after a minute idle.
 */
@ApplicationScoped
public class StreamThreads {

    @Inject
    @ConfigProperty(name = "tollgate.streams.max-threads", defaultValue = "4000")
    int maxThreads;

    @Resource
    ManagedThreadFactory threadFactory;

    private ThreadPoolExecutor pool;

    @PostConstruct
    void start() {
        pool = new ThreadPoolExecutor(
                0, Math.max(1, maxThreads), 60, TimeUnit.SECONDS, new SynchronousQueue<>(), threadFactory);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    /**
     * Starts the relay of a stream on a thread of its own.
     *
     * @return false when {@code tollgate.streams.max-threads} streams are being relayed already: the
     *     caller then relays this one itself
     */
    public boolean tryRelay(Runnable relay) {
        try {
            pool.execute(relay);
            return true;
        } catch (RejectedExecutionException allBusy) {
            return false;
        }
    }

    /** Threads relaying a stream right now. */
    public int busy() {
        return pool.getActiveCount();
    }
}
