package io.lxbus.idmap.domain;

import io.lxbus.events.IdmapLedger;

import java.util.Map;

/**
 * The part of an instance's expanded config that decides its id map; a map is decided again only when this changes.
 *
 * @param privileged   {@code security.privileged}: no map at all
 * @param isolated     {@code security.idmap.isolated}: a range of its own
 * @param isolatedSize {@code security.idmap.size} as written, or null
 * @param isolatedBase {@code security.idmap.base} as written, or null
 * @param rawIdmap     {@code raw.idmap} as written, or null
 */
public record MapRequest(boolean privileged, boolean isolated, String isolatedSize, String isolatedBase,
                         String rawIdmap) {
    /** The config keys a map depends on (the contract lists them: {@link IdmapLedger#MAP_KEYS}). */
    public static final String PRIVILEGED = IdmapLedger.PRIVILEGED;
    /** Gives the instance a range no other isolated instance uses. */
    public static final String ISOLATED = IdmapLedger.ISOLATED;
    /** The size of an isolated range. */
    public static final String SIZE = IdmapLedger.SIZE;
    /** The first host id of an isolated range. */
    public static final String BASE = IdmapLedger.BASE;
    /** Host ids punched through into the container. */
    public static final String RAW = IdmapLedger.RAW;

    /** An unprivileged instance with the default map. */
    public static final MapRequest DEFAULT = new MapRequest(false, false, null, null, null);

    /** The request an expanded config makes (booleans read as LXD reads them: 1, on, yes, true). */
    public static MapRequest of(Map<String, String> expandedConfig) {
        Map<String, String> config = expandedConfig == null ? Map.of() : expandedConfig;
        return new MapRequest(IdmapLedger.privileged(config), IdmapLedger.isTrue(config.get(ISOLATED)),
                blankToNull(config.get(SIZE)), blankToNull(config.get(BASE)), blankToNull(config.get(RAW)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
