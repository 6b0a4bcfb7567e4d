package io.lxbus.gateway.domain;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class VersionedStoreTest {
    @Test
    void waitingForARevisionEndsWhenItIsApplied() {
        VersionedStore<String> store = new VersionedStore<>();
        CompletableFuture<Void> seen = store.awaitRevision("default/p", 2);
        store.apply("default/p", "v1", 1);
        assertThat(seen).isNotDone();
        store.apply("default/p", "v2", 2);
        assertThat(seen).isCompleted();
        assertThat(store.get("default/p")).contains("v2");
    }

    @Test
    void tombstonesDeleteButKeepTheRevision() {
        VersionedStore<String> store = new VersionedStore<>();
        store.apply("default/p", "v1", 1);
        store.apply("default/p", null, 2);
        assertThat(store.get("default/p")).isEmpty();
        assertThat(store.revision("default/p")).isEqualTo(2);
        assertThat(store.awaitRevision("default/p", 2)).isCompleted();
    }

    @Test
    void listsByPrefixSorted() {
        VersionedStore<String> store = new VersionedStore<>();
        store.apply("default/b", "b", 1);
        store.apply("other/a", "x", 1);
        store.apply("default/a", "a", 1);
        assertThat(store.withKeyPrefix("default/")).containsExactly("a", "b");
    }

    @Test
    void aTimedOutWaitIsForgotten() throws Exception {
        VersionedStore<String> store = new VersionedStore<>();
        CompletableFuture<Void> wait = store.awaitRevision("default/p", 5).orTimeout(10, TimeUnit.MILLISECONDS);
        Thread.sleep(50);
        assertThat(wait).isCompletedExceptionally();
        store.apply("default/p", "v", 5);
    }
}
