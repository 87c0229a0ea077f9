package dev.tollgate.conversations.control;

import dev.tollgate.conversations.entity.KnownRequest;
import dev.tollgate.conversations.entity.TaskInvocation;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
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

    private record Entry(KnownRequest request, List<TaskInvocation> taskInvocations, String compactionSummary) {}

    private static final Comparator<KnownRequest> BY_TIME = Comparator.comparing(KnownRequest::timestamp);

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<Key, List<KnownRequest>> byCurrentHash = new HashMap<>();
    private final Map<Key, List<KnownRequest>> byParentHash = new HashMap<>();
    private final Map<Key, List<TaskInvocation>> byPrompt = new HashMap<>();
    private final List<Entry> summaries = new ArrayList<>();

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
        List<KnownRequest> candidates = byCurrentHash.getOrDefault(new Key(scope, null, currentHash), List.of());
        Optional<KnownRequest> sameSystem = candidates.stream()
                .filter(known -> Objects.equals(known.systemHash(), systemHash))
                .max(BY_TIME);
        return sameSystem.isPresent() ? sameSystem : candidates.stream().max(BY_TIME);
    }

    @Override
    public List<KnownRequest> children(String scope, UUID conversationId, String parentHash) {
        return List.copyOf(byParentHash.getOrDefault(new Key(scope, conversationId, parentHash), List.of()));
    }

    @Override
    public Optional<TaskInvocation> latestTaskInvocation(String scope, String prompt, Instant notBefore) {
        return byPrompt.getOrDefault(new Key(scope, null, prompt), List.of()).stream()
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
        if (compactionSummary != null && !compactionSummary.isEmpty()) {
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
        summaries.remove(entry);
    }

    private static <T> void add(Map<Key, List<T>> map, Key key, T value) {
        map.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
    }

    private static <T> void remove(Map<Key, List<T>> map, Key key, T value) {
        List<T> values = map.get(key);
        if (values != null) {
            values.remove(value);
            if (values.isEmpty()) {
                map.remove(key);
            }
        }
    }
}
