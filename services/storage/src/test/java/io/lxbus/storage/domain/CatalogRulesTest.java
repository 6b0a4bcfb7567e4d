package io.lxbus.storage.domain;

import io.lxbus.events.Actions;
import io.lxbus.events.CreateImageAlias;
import io.lxbus.events.DeleteImage;
import io.lxbus.events.DeleteImageAlias;
import io.lxbus.events.ErrorCode;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Keys;
import io.lxbus.events.RenameImageAlias;
import io.lxbus.events.ReplaceImage;
import io.lxbus.events.ReplaceImageAlias;
import io.lxbus.storage.domain.CatalogDecision.AliasWrite;
import io.lxbus.storage.domain.CatalogDecision.Applied;
import io.lxbus.storage.domain.CatalogDecision.ImageWrite;
import io.lxbus.storage.domain.CatalogDecision.Rejected;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogRulesTest {
    private static final String FP = "e32e" + "1".repeat(60);
    private static final String OTHER = "e3ff" + "2".repeat(60);
    private final CatalogRules rules = new CatalogRules();
    private final Memory catalog = new Memory();

    CatalogRulesTest() {
        catalog.images.put("default/" + FP, image(FP));
        catalog.images.put("default/" + OTHER, image(OTHER));
    }

    @Test
    void createResolvesAUniquePrefix() {
        Applied applied = (Applied) rules.decide(new CreateImageAlias("default", "bb", "e32e", "busybox"), catalog);
        ImageAlias alias = ((AliasWrite) applied.writes().get(0)).alias();
        assertThat(alias.target()).isEqualTo(FP);
        assertThat(alias.type()).isEqualTo("container");
        assertThat(alias.revision()).isEqualTo(1);
        assertThat(applied.fact().action()).isEqualTo(Actions.IMAGE_ALIAS_CREATED);
    }

    @Test
    void createRefusesWithLxdMessages() {
        catalog.aliases.put("default/bb", new ImageAlias("default", "bb", FP, "container", "", 1));
        assertThat(rules.decide(new CreateImageAlias("default", "bb", FP, ""), catalog))
                .isEqualTo(new Rejected(ErrorCode.CONFLICT, "Alias \"bb\" already exists"));
        assertThat(rules.decide(new CreateImageAlias("default", "x", "e3", ""), catalog))
                .isEqualTo(new Rejected(ErrorCode.BAD_REQUEST, "More than one image matches"));
        assertThat(rules.decide(new CreateImageAlias("default", "x", "ffff", ""), catalog))
                .isEqualTo(new Rejected(ErrorCode.NOT_FOUND, "Image not found"));
        assertThat(rules.decide(new CreateImageAlias("other", "x", FP, ""), catalog))
                .isEqualTo(new Rejected(ErrorCode.NOT_FOUND, "Image not found"));
        assertThat(rules.decide(new CreateImageAlias("default", "a/b", FP, ""), catalog))
                .isInstanceOf(Rejected.class);
        assertThat(rules.decide(new CreateImageAlias("default", "", FP, ""), catalog))
                .isEqualTo(new Rejected(ErrorCode.BAD_REQUEST, "name and target are required"));
    }

    @Test
    void renameMovesTheRecordAndKeepsRevisionsGrowing() {
        catalog.aliases.put("default/bb", new ImageAlias("default", "bb", FP, "container", "d", 3));
        catalog.revisions.put("alias:default/bb", 3L);
        Applied applied = (Applied) rules.decide(new RenameImageAlias("default", "bb", "busybox"), catalog);
        assertThat(applied.writes()).containsExactly(
                new AliasWrite("default", "busybox", new ImageAlias("default", "busybox", FP, "container", "d", 1), 1),
                new AliasWrite("default", "bb", null, 4));
        assertThat(applied.fact().context()).containsEntry("old_name", "bb");
        assertThat(rules.decide(new RenameImageAlias("default", "nope", "x"), catalog))
                .isEqualTo(new Rejected(ErrorCode.NOT_FOUND, "Image alias not found"));
        assertThat(rules.decide(new RenameImageAlias("default", "bb", "bb"), catalog))
                .isEqualTo(new Rejected(ErrorCode.CONFLICT, "Alias \"bb\" already exists"));
    }

    @Test
    void replaceAndDeleteAliases() {
        catalog.aliases.put("default/bb", new ImageAlias("default", "bb", FP, "container", "", 1));
        Applied replaced = (Applied) rules.decide(new ReplaceImageAlias("default", "bb", OTHER, "new"), catalog);
        assertThat(((AliasWrite) replaced.writes().get(0)).alias().target()).isEqualTo(OTHER);
        assertThat(replaced.fact().action()).isEqualTo(Actions.IMAGE_ALIAS_UPDATED);
        Applied deleted = (Applied) rules.decide(new DeleteImageAlias("default", "bb"), catalog);
        assertThat(((AliasWrite) deleted.writes().get(0)).alias()).isNull();
        assertThat(rules.decide(new DeleteImageAlias("default", "zz"), catalog))
                .isEqualTo(new Rejected(ErrorCode.NOT_FOUND, "Image alias not found"));
    }

    @Test
    void deletingAnImageDropsItsAliases() {
        catalog.aliases.put("default/bb", new ImageAlias("default", "bb", FP, "container", "", 1));
        catalog.aliases.put("default/other", new ImageAlias("default", "other", OTHER, "container", "", 1));
        Applied applied = (Applied) rules.decide(new DeleteImage("default", "e32e"), catalog);
        assertThat(applied.writes()).hasSize(2);
        assertThat(applied.writes().get(0)).isEqualTo(new AliasWrite("default", "bb", null, 1));
        assertThat(((ImageWrite) applied.writes().get(1)).image()).isNull();
        assertThat(applied.fact().action()).isEqualTo(Actions.IMAGE_DELETED);
        assertThat(applied.fact().name()).isEqualTo(FP);
    }

    @Test
    void replaceImageChangesOnlyWritableFields() {
        Applied applied = (Applied) rules.decide(new ReplaceImage("default", FP, Map.of("os", "x"), true, true,
                null), catalog);
        Image updated = ((ImageWrite) applied.writes().get(0)).image();
        assertThat(updated.properties()).isEqualTo(Map.of("os", "x"));
        assertThat(updated.isPublic()).isTrue();
        assertThat(updated.profiles()).containsExactly("default");
        assertThat(updated.size()).isEqualTo(10);
        assertThat(applied.fact().action()).isEqualTo(Actions.IMAGE_UPDATED);
    }

    private static Image image(String fp) {
        return new Image("default", fp, "container", "bb.tar.gz", 10, "x86_64", Map.of("os", "busybox"), false, false,
                List.of("default"), Instant.EPOCH, Instant.EPOCH, null, 1);
    }

    private static final class Memory implements Catalog {
        final Map<String, Image> images = new HashMap<>();
        final Map<String, ImageAlias> aliases = new HashMap<>();
        final Map<String, Long> revisions = new HashMap<>();

        public Optional<Image> image(String project, String fingerprint) {
            return Optional.ofNullable(images.get(Keys.resource(project, fingerprint)));
        }

        public Collection<String> fingerprints(String project) {
            return images.values().stream().filter(i -> i.project().equals(project)).map(Image::fingerprint).toList();
        }

        public Optional<ImageAlias> alias(String project, String name) {
            return Optional.ofNullable(aliases.get(Keys.resource(project, name)));
        }

        public List<ImageAlias> aliasesOf(String project, String fingerprint) {
            return aliases.values().stream().filter(a -> a.project().equals(project) && a.target().equals(fingerprint))
                    .toList();
        }

        public long nextImageRevision(String project, String fingerprint) {
            return revisions.getOrDefault("image:" + Keys.resource(project, fingerprint), 0L) + 1;
        }

        public long nextAliasRevision(String project, String name) {
            return revisions.getOrDefault("alias:" + Keys.resource(project, name), 0L) + 1;
        }
    }
}
