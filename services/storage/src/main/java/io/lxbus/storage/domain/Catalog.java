package io.lxbus.storage.domain;

import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** What the rules may read: the images and aliases of a project, and each key's last revision. */
public interface Catalog {
    /** The image with this exact fingerprint. */
    Optional<Image> image(String project, String fingerprint);

    /** Every image fingerprint of the project. */
    Collection<String> fingerprints(String project);

    /** The alias with this name. */
    Optional<ImageAlias> alias(String project, String name);

    /** Every alias of the project pointing at the image. */
    List<ImageAlias> aliasesOf(String project, String fingerprint);

    /** The revision the next write of an image key carries (revisions grow across deletes). */
    long nextImageRevision(String project, String fingerprint);

    /** The revision the next write of an alias key carries. */
    long nextAliasRevision(String project, String name);
}
