package dev.tollgate.conversations.control;

import dev.tollgate.conversations.entity.KnownRequest;
import dev.tollgate.conversations.entity.TaskInvocation;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The most recent requests in memory, oldest forgotten first once {@code capacity} is reached. The
 * journal writer keeps one across batches (most links point a few seconds back) and can add rows it
 * read from the database; tests use it as the whole index. Not thread-safe: one writer thread.
 */
public class RecentConversationIndex implements ConversationIndex {

    private record Key(String scope, Object first, String second) {}

    private record Entry(KnownRequest request, List<TaskInvocation> taskInvocations, String compactionSummary) {
        boolean hasCompactionSummary() {
            return compactionSummary != null && !compactionSummary.isEmpty();
        }
    }

    private static final Comparator<KnownRequest> BY_TIME = Comparator.comparing(KnownRequest::timestamp);

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    // Every collection keeps insertion order, and entries are forgotten in that order: what goes is at
    // the head of each, so forgetting costs O(1) even when thousands of identical requests share a
    // key (a list's remove(0) moved all of them, ~12 % of the writer's CPU in a profile).
    private final Map<Key, Deque<KnownRequest>> byCurrentHash = new HashMap<>();
    private final Map<Key, Deque<KnownRequest>> byParentHash = new HashMap<>();
    private final Map<Key, Deque<TaskInvocation>> byPrompt = new HashMap<>();
    private final Deque<Entry> summaries = new ArrayDeque<>();

    public RecentConversationIndex(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    public int size() {
        return entries.size();
    }

    @Override
    public Optional<KnownRequest> latestByCurrentHash(String scope, String currentHash, String systemHash) {
        Collection<KnownRequest> candidates = valuesOf(byCurrentHash, new Key(scope, null, currentHash));
        Optional<KnownRequest> sameSystem = candidates.stream()
                .filter(known -> Objects.equals(known.systemHash(), systemHash))
                .max(BY_TIME);
        return sameSystem.isPresent() ? sameSystem : candidates.stream().max(BY_TIME);
    }

    @Override
    public List<KnownRequest> children(String scope, UUID conversationId, String parentHash) {
        return List.copyOf(valuesOf(byParentHash, new Key(scope, conversationId, parentHash)));
    }

    @Override
    public Optional<TaskInvocation> latestTaskInvocation(String scope, String prompt, Instant notBefore) {
        return valuesOf(byPrompt, new Key(scope, null, prompt)).stream()
                .filter(invocation -> !invocation.timestamp().isBefore(notBefore))
                .max(Comparator.comparing(TaskInvocation::timestamp));
    }

    @Override
    public Optional<KnownRequest> compactionSource(String scope, String text, Instant notBefore) {
        return summaries.stream()
                .filter(entry -> Objects.equals(entry.request().scope(), scope))
                .filter(entry -> !entry.request().timestamp().isBefore(notBefore))
                .filter(entry -> text.contains(entry.compactionSummary()))
                .map(Entry::request)
                .max(BY_TIME);
    }

    @Override
    public void add(KnownRequest request, List<TaskInvocation> taskInvocations, String compactionSummary) {
        Entry entry = new Entry(request, List.copyOf(taskInvocations), compactionSummary);
        entries.addLast(entry);
        add(byCurrentHash, new Key(request.scope(), null, request.currentHash()), request);
        if (request.parentHash() != null) {
            add(byParentHash, new Key(request.scope(), request.conversationId(), request.parentHash()), request);
        }
        for (TaskInvocation invocation : entry.taskInvocations()) {
            add(byPrompt, new Key(invocation.scope(), null, invocation.prompt()), invocation);
        }
        if (entry.hasCompactionSummary()) {
            summaries.add(entry);
        }
        while (entries.size() > capacity) {
            forget(entries.removeFirst());
        }
    }

    private void forget(Entry entry) {
        KnownRequest request = entry.request();
        remove(byCurrentHash, new Key(request.scope(), null, request.currentHash()), request);
        if (request.parentHash() != null) {
            remove(byParentHash, new Key(request.scope(), request.conversationId(), request.parentHash()), request);
        }
        for (TaskInvocation invocation : entry.taskInvocations()) {
            remove(byPrompt, new Key(invocation.scope(), null, invocation.prompt()), invocation);
        }
        if (entry.hasCompactionSummary()) {
            removeOldest(summaries, entry);
        }
    }

    private static <T> Collection<T> valuesOf(Map<Key, Deque<T>> map, Key key) {
        Deque<T> values = map.get(key);
        return values == null ? List.of() : values;
    }

    private static <T> void add(Map<Key, Deque<T>> map, Key key, T value) {
        map.computeIfAbsent(key, k -> new ArrayDeque<>(2)).addLast(value);
    }

    private static <T> void remove(Map<Key, Deque<T>> map, Key key, T value) {
        Deque<T> values = map.get(key);
        if (values != null) {
            removeOldest(values, value);
            if (values.isEmpty()) {
                map.remove(key);
            }
        }
    }

    /** Removes the first occurrence of value: the head, as entries are forgotten oldest first. */
    private static <T> void removeOldest(Deque<T> values, T value) {
        if (value.equals(values.peekFirst())) {
            values.removeFirst();
        } else {
            values.removeFirstOccurrence(value); // not expected; kept so that nothing is ever left behind
        }
    }
}
