package io.lxbus.gateway.api;

import io.lxbus.events.ExecutorHost;
import io.lxbus.events.Instance;
import io.lxbus.events.InstanceRuntime;
import io.lxbus.events.Keys;
import io.lxbus.gateway.domain.LiveState;
import io.lxbus.gateway.internal.HostApis;
import io.lxbus.gateway.messaging.StateViews;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Live numbers for one instance, asked of the executor of its host (address from the hosts view); empty when
 * the instance does not run or the executor does not answer, so callers fall back to the views.
 */
@ApplicationScoped
public class LiveStates {
    private final StateViews views;
    private final HostApis hosts;

    public LiveStates(StateViews views, HostApis hosts) {
        this.views = views;
        this.hosts = hosts;
    }

    /** The instance's runtime record, if its host wrote one. */
    InstanceRuntime runtimeOf(Instance instance) {
        return views.runtime().get(Keys.resource(instance.project(), instance.name())).orElse(null);
    }

    /** Asks the instance's executor, when its host reports it running or frozen and registered an address. */
    CompletableFuture<Optional<LiveState>> of(Instance instance) {
        InstanceRuntime runtime = runtimeOf(instance);
        if (runtime == null || !("Running".equals(runtime.status()) || "Frozen".equals(runtime.status()))) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<String> address = executorOf(instance);
        if (address.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String uuid = instance.uuid() != null ? instance.uuid() : runtime.instanceUuid();
        return hosts.liveState(address.get(), uuid);
    }

    /** The internal API address of the executor of the instance's host (where its runtime says it is). */
    Optional<String> executorOf(Instance instance) {
        InstanceRuntime runtime = runtimeOf(instance);
        String host = runtime != null && runtime.host() != null ? runtime.host() : instance.host();
        return host == null ? Optional.empty() : views.hosts().get(host).map(ExecutorHost::apiAddress);
    }

    /** LXD's {@code location}: {@code none} on a single node, else the instance's host. */
    String locationOf(Instance instance) {
        return views.hosts().size() <= 1 || instance.host() == null ? "none" : instance.host();
    }
}
