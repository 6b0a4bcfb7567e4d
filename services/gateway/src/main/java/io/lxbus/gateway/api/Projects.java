package io.lxbus.gateway.api;

import io.lxbus.events.Keys;
import io.lxbus.gateway.domain.GatewayError;
import io.vertx.ext.web.RoutingContext;

/** The {@code project} query parameter (default {@code default}). */
final class Projects {
    private Projects() {
    }

    static String of(RoutingContext ctx) {
        String project = ctx.queryParams().get("project");
        if (project == null || project.isEmpty()) {
            return Keys.DEFAULT_PROJECT;
        }
        if (project.contains("/") || project.chars().anyMatch(c -> c < 0x20 || Character.isWhitespace(c))) {
            throw GatewayError.badRequest("Invalid project name \"" + project + "\"");
        }
        return project;
    }
}
