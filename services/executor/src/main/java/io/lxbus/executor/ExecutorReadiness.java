package io.lxbus.executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the host is registered, the first full reconcile ran and the instance records are caught up. */
@Readiness
@ApplicationScoped
public class ExecutorReadiness implements HealthCheck {
    @Inject
    HostAgent agent;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("executor reconciling").status(agent.ready())
                .withData("host", String.valueOf(agent.hostName())).build();
    }
}
