package io.lxbus.storage.host;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fingerprints whose files an import is writing or has just committed, so the reconciler does not take them for
 * orphans before their image record reaches its view.
 */
@ApplicationScoped
public class ImportsInFlight {
    private final Set<String> fingerprints = ConcurrentHashMap.newKeySet();

    /** Claims a fingerprint; false when another import holds it. */
    public boolean claim(String fingerprint) {
        return fingerprints.add(fingerprint);
    }

    /** Lets go of a fingerprint (the import failed, or its record has been seen). */
    public void release(String fingerprint) {
        fingerprints.remove(fingerprint);
    }

    /** A copy of the claimed fingerprints. */
    public Set<String> snapshot() {
        return Set.copyOf(fingerprints);
    }
}
