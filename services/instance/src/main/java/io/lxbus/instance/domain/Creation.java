package io.lxbus.instance.domain;

/**
 * What the instance service remembers about a create in flight, beside the record (the contract's record has no
 * room for it).
 *
 * @param start start the instance once created ({@code "start": true})
 * @param error why the creation failed (the id map's or the volume's error); null while it is going well
 */
public record Creation(boolean start, String error) {
}
