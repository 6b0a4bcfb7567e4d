package io.lxbus.storage.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.CreateImageAlias;
import io.lxbus.events.DeleteImage;
import io.lxbus.events.DeleteImageAlias;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.RenameImageAlias;
import io.lxbus.events.ReplaceImage;
import io.lxbus.events.ReplaceImageAlias;
import io.lxbus.events.StorageCommand;
import io.lxbus.storage.domain.CatalogDecision.AliasWrite;
import io.lxbus.storage.domain.CatalogDecision.Applied;
import io.lxbus.storage.domain.CatalogDecision.Fact;
import io.lxbus.storage.domain.CatalogDecision.ImageWrite;
import io.lxbus.storage.domain.CatalogDecision.Rejected;
import io.lxbus.storage.domain.CatalogDecision.Write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** LXD's rules for image and alias commands, with LXD's messages. */
public final class CatalogRules {
    /** The collection of image events and paths. */
    public static final String IMAGES = "images";
    /** The collection of alias events and paths. */
    public static final String ALIASES = "images/aliases";

    /** Decides what {@code command} does to the catalog. */
    public CatalogDecision decide(StorageCommand command, Catalog catalog) {
        if (command instanceof CreateImageAlias c) {
            return createAlias(c, catalog);
        } else if (command instanceof ReplaceImageAlias c) {
            return replaceAlias(c, catalog);
        } else if (command instanceof RenameImageAlias c) {
            return renameAlias(c, catalog);
        } else if (command instanceof DeleteImageAlias c) {
            return deleteAlias(c, catalog);
        } else if (command instanceof ReplaceImage c) {
            return replaceImage(c, catalog);
        } else if (command instanceof DeleteImage c) {
            return deleteImage(c, catalog);
        }
        return new Rejected(ErrorCode.BAD_REQUEST, "Unknown storage command " + command);
    }

    /** Why an alias name is not acceptable, or empty. */
    public static Optional<String> aliasNameError(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("Alias name is required");
        }
        if (name.contains("/")) {
            return Optional.of("Alias names may not contain slashes");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || Character.isWhitespace(c))) {
            return Optional.of("Alias names may not contain white space or control characters");
        }
        return Optional.empty();
    }

    private CatalogDecision createAlias(CreateImageAlias c, Catalog catalog) {
        if (c.name() == null || c.name().isEmpty() || c.target() == null || c.target().isEmpty()) {
            return new Rejected(ErrorCode.BAD_REQUEST, "name and target are required");
        }
        Optional<String> bad = aliasNameError(c.name());
        if (bad.isPresent()) {
            return new Rejected(ErrorCode.BAD_REQUEST, bad.get());
        }
        if (catalog.alias(c.project(), c.name()).isPresent()) {
            return aliasExists(c.name());
        }
        ImageOrError target = image(c.project(), c.target(), catalog);
        if (target.error != null) {
            return target.error;
        }
        long revision = catalog.nextAliasRevision(c.project(), c.name());
        ImageAlias alias = new ImageAlias(c.project(), c.name(), target.image.fingerprint(), target.image.type(),
                nullToEmpty(c.description()), revision);
        return new Applied(List.of(new AliasWrite(c.project(), c.name(), alias, revision)),
                new Fact(ALIASES, c.project(), c.name(), Actions.IMAGE_ALIAS_CREATED,
                        Map.of("target", alias.target())));
    }

    private CatalogDecision replaceAlias(ReplaceImageAlias c, Catalog catalog) {
        Optional<ImageAlias> current = catalog.alias(c.project(), c.name());
        if (current.isEmpty()) {
            return aliasNotFound();
        }
        if (c.target() == null || c.target().isEmpty()) {
            return new Rejected(ErrorCode.BAD_REQUEST, "The target field is required");
        }
        ImageOrError target = image(c.project(), c.target(), catalog);
        if (target.error != null) {
            return target.error;
        }
        long revision = catalog.nextAliasRevision(c.project(), c.name());
        ImageAlias alias = new ImageAlias(c.project(), c.name(), target.image.fingerprint(), target.image.type(),
                nullToEmpty(c.description()), revision);
        return new Applied(List.of(new AliasWrite(c.project(), c.name(), alias, revision)),
                new Fact(ALIASES, c.project(), c.name(), Actions.IMAGE_ALIAS_UPDATED,
                        Map.of("target", alias.target())));
    }

    private CatalogDecision renameAlias(RenameImageAlias c, Catalog catalog) {
        Optional<ImageAlias> current = catalog.alias(c.project(), c.name());
        if (current.isEmpty()) {
            return aliasNotFound();
        }
        Optional<String> bad = aliasNameError(c.newName());
        if (bad.isPresent()) {
            return new Rejected(ErrorCode.BAD_REQUEST, bad.get());
        }
        if (catalog.alias(c.project(), c.newName()).isPresent()) {
            return aliasExists(c.newName());
        }
        long newRevision = catalog.nextAliasRevision(c.project(), c.newName());
        long oldRevision = catalog.nextAliasRevision(c.project(), c.name());
        ImageAlias renamed = new ImageAlias(c.project(), c.newName(), current.get().target(), current.get().type(),
                current.get().description(), newRevision);
        return new Applied(List.of(new AliasWrite(c.project(), c.newName(), renamed, newRevision),
                new AliasWrite(c.project(), c.name(), null, oldRevision)),
                new Fact(ALIASES, c.project(), c.newName(), Actions.IMAGE_ALIAS_RENAMED, Map.of("old_name", c.name())));
    }

    private CatalogDecision deleteAlias(DeleteImageAlias c, Catalog catalog) {
        if (catalog.alias(c.project(), c.name()).isEmpty()) {
            return aliasNotFound();
        }
        long revision = catalog.nextAliasRevision(c.project(), c.name());
        return new Applied(List.of(new AliasWrite(c.project(), c.name(), null, revision)),
                new Fact(ALIASES, c.project(), c.name(), Actions.IMAGE_ALIAS_DELETED, Map.of()));
    }

    private CatalogDecision replaceImage(ReplaceImage c, Catalog catalog) {
        ImageOrError found = image(c.project(), c.fingerprint(), catalog);
        if (found.error != null) {
            return found.error;
        }
        Image old = found.image;
        long revision = catalog.nextImageRevision(c.project(), old.fingerprint());
        Image updated = new Image(old.project(), old.fingerprint(), old.type(), old.filename(), old.size(),
                old.architecture(), c.properties() == null ? Map.of() : Map.copyOf(c.properties()), c.isPublic(),
                c.autoUpdate(), c.profiles() == null ? old.profiles() : List.copyOf(c.profiles()), old.createdAt(),
                old.uploadedAt(), old.lastUsedAt(), revision);
        return new Applied(List.of(new ImageWrite(c.project(), old.fingerprint(), updated, revision)),
                new Fact(IMAGES, c.project(), old.fingerprint(), Actions.IMAGE_UPDATED, Map.of()));
    }

    private CatalogDecision deleteImage(DeleteImage c, Catalog catalog) {
        ImageOrError found = image(c.project(), c.fingerprint(), catalog);
        if (found.error != null) {
            return found.error;
        }
        String fingerprint = found.image.fingerprint();
        List<Write> writes = new ArrayList<>();
        for (ImageAlias alias : catalog.aliasesOf(c.project(), fingerprint)) {
            writes.add(new AliasWrite(c.project(), alias.name(), null,
                    catalog.nextAliasRevision(c.project(), alias.name())));
        }
        writes.add(new ImageWrite(c.project(), fingerprint, null, catalog.nextImageRevision(c.project(), fingerprint)));
        return new Applied(writes, new Fact(IMAGES, c.project(), fingerprint, Actions.IMAGE_DELETED, Map.of()));
    }

    private static ImageOrError image(String project, String prefix, Catalog catalog) {
        Fingerprints.Resolution resolution = Fingerprints.resolve(prefix, catalog.fingerprints(project));
        if (resolution instanceof Fingerprints.Resolution.Found found) {
            Optional<Image> image = catalog.image(project, found.fingerprint());
            if (image.isPresent()) {
                return new ImageOrError(image.get(), null);
            }
        } else if (resolution instanceof Fingerprints.Resolution.Ambiguous) {
            return new ImageOrError(null, new Rejected(ErrorCode.BAD_REQUEST, "More than one image matches"));
        }
        return new ImageOrError(null, new Rejected(ErrorCode.NOT_FOUND, "Image not found"));
    }

    private static Rejected aliasExists(String name) {
        return new Rejected(ErrorCode.CONFLICT, "Alias \"" + name + "\" already exists");
    }

    private static Rejected aliasNotFound() {
        return new Rejected(ErrorCode.NOT_FOUND, "Image alias not found");
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private record ImageOrError(Image image, Rejected error) {
    }
}
