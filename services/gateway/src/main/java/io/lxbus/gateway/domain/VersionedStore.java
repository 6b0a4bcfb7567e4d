package io.lxbus.gateway.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory image of a compacted state topic: the latest value per key and the latest revision per
 * key (tombstones included), so a writer can wait until its write is visible here.
 *
 * @param <T> the record type
 */
public final class VersionedStore<T> {
    private final ConcurrentHashMap<String, T> values = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> revisions = new ConcurrentHashMap<>();
    private final Map<String, List<Waiter>> waiters = new HashMap<>();

    private record Waiter(long revision, CompletableFuture<Void> future) {
    }

    /** Records a value (null for a tombstone) at a revision and releases everyone waiting for it. */
    public void apply(String key, T value, long revision) {
        List<CompletableFuture<Void>> released = new ArrayList<>();
        synchronized (waiters) {
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
            revisions.merge(key, revision, Math::max);
            List<Waiter> list = waiters.get(key);
            if (list != null) {
                for (Iterator<Waiter> it = list.iterator(); it.hasNext(); ) {
                    Waiter waiter = it.next();
                    if (waiter.revision() <= revision) {
                        released.add(waiter.future());
                        it.remove();
                    }
                }
                if (list.isEmpty()) {
                    waiters.remove(key);
                }
            }
        }
        released.forEach(future -> future.complete(null));
    }

    /** The current value of a key. */
    public Optional<T> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The latest revision seen for a key, tombstones included; -1 if never seen. */
    public long revision(String key) {
        return revisions.getOrDefault(key, -1L);
    }

    /** Every current value whose key starts with the prefix, sorted by key. */
    public List<T> withKeyPrefix(String prefix) {
        List<Map.Entry<String, T>> entries = new ArrayList<>();
        for (Map.Entry<String, T> entry : values.entrySet()) {
            if (entry.getKey().startsWith(prefix)) {
                entries.add(entry);
            }
        }
        entries.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        List<T> out = new ArrayList<>(entries.size());
        entries.forEach(entry -> out.add(entry.getValue()));
        return out;
    }

    /** Completes once the key's revision is at least the given one (at once if it already is). */
    public CompletableFuture<Void> awaitRevision(String key, long revision) {
        synchronized (waiters) {
            if (revisions.getOrDefault(key, -1L) >= revision) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> future = new CompletableFuture<>();
            Waiter waiter = new Waiter(revision, future);
            waiters.computeIfAbsent(key, k -> new ArrayList<>()).add(waiter);
            future.whenComplete((ok, failure) -> {
                if (failure != null) {
                    forget(key, waiter);
                }
            });
            return future;
        }
    }

    private void forget(String key, Waiter waiter) {
        synchronized (waiters) {
            List<Waiter> list = waiters.get(key);
            if (list != null && list.remove(waiter) && list.isEmpty()) {
                waiters.remove(key);
            }
        }
    }

    /** How many keys hold a value. */
    public int size() {
        return values.size();
    }
}
