package io.lxbus.storage.api;

import io.lxbus.events.Actions;
import io.lxbus.events.Image;
import io.lxbus.events.ImageAlias;
import io.lxbus.events.Keys;
import io.lxbus.events.LifecycleData;
import io.lxbus.events.LifecycleEvent;
import io.lxbus.events.RecordHeaders;
import io.lxbus.events.Topics;
import io.lxbus.events.wire.JsonSerde;
import io.lxbus.storage.StorageSettings;
import io.lxbus.storage.domain.CatalogRules;
import io.lxbus.storage.domain.FingerprintDigest;
import io.lxbus.storage.domain.ImageLayout;
import io.lxbus.storage.domain.ImageMetadata;
import io.lxbus.storage.domain.ImageRejected;
import io.lxbus.storage.driver.HostCommand;
import io.lxbus.storage.host.ImportsInFlight;
import io.lxbus.storage.messaging.LedgerRecord;
import io.lxbus.storage.messaging.StorageHeaders;
import io.lxbus.storage.messaging.StorageLedger;
import io.lxbus.storage.messaging.StoreCatalog;
import io.lxbus.storage.messaging.StoreNames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns an upload on disk into an image: checks it, moves it to {@code images/<fp>}, then writes the image record
 * and {@code image-created} in one transaction. Any failure removes what it placed.
 */
@ApplicationScoped
public class ImageImporter {
    private static final Logger LOG = Logger.getLogger(ImageImporter.class);
    private static final JsonSerde<Image> IMAGE_JSON = JsonSerde.of(Image.class);
    private static final JsonSerde<LifecycleEvent> EVENT_JSON = JsonSerde.of(LifecycleEvent.class);

    @Inject
    StorageSettings settings;
    @Inject
    StorageLedger ledger;
    @Inject
    ImportsInFlight imports;
    @Inject
    KafkaStreams streams;

    /** A fresh temporary file name under the images folder (dot-named, so it is never taken for an image). */
    Path temporaryFile(String part) throws IOException {
        Files.createDirectories(settings.images());
        return settings.images().resolve(".import-" + part + "-" + UUID.randomUUID());
    }

    /** Imports the upload; the temporary files are gone afterwards whatever happens. */
    Image importImage(ImportRequest request, String fingerprint) throws ImportFailure {
        List<Path> placed = new ArrayList<>();
        boolean claimed = false;
        boolean committed = false;
        String fp = null;
        try {
            StoreCatalog catalog = catalog();
            fp = fingerprint != null ? fingerprint : request.rootfs() == null
                    ? FingerprintDigest.of(request.main()) : FingerprintDigest.of(request.main(), request.rootfs());
            ImageMetadata metadata = check(request);
            Path main = settings.images().resolve(fp);
            Path rootfs = settings.images().resolve(fp + ".rootfs");
            if (!imports.claim(fp)) {
                throw new ImportFailure(409, "Image with same fingerprint already exists");
            }
            claimed = true;
            if (catalog.image(request.project(), fp).isPresent() || Files.exists(main)) {
                throw new ImportFailure(409, "Image with same fingerprint already exists");
            }
            Files.move(request.main(), main);
            placed.add(main);
            long size = Files.size(main);
            if (request.rootfs() != null) {
                Files.move(request.rootfs(), rootfs);
                placed.add(rootfs);
                size += Files.size(rootfs);
            }
            Image image = write(request, fp, metadata, size, catalog);
            committed = true;
            return image;
        } catch (ImageRejected e) {
            throw new ImportFailure(400, e.getMessage());
        } catch (IOException e) {
            throw new ImportFailure(500, "Failed to store the image: " + e.getMessage());
        } catch (InvalidStateStoreException e) {
            throw new ImportFailure(503, "The storage service is not ready yet; try again");
        } catch (RuntimeException e) {
            LOG.warnf(e, "Import failed");
            throw new ImportFailure(500, "Failed to record the image: " + e.getMessage());
        } finally {
            delete(request.main());
            delete(request.rootfs());
            if (!committed) {
                placed.forEach(ImageImporter::delete);
                if (claimed) {
                    imports.release(fp);
                }
            }
        }
    }

    private ImageMetadata check(ImportRequest request) throws IOException, ImageRejected {
        ImageLayout layout = request.rootfs() == null ? ImageLayout.UNIFIED : ImageLayout.SPLIT;
        List<String> entries;
        try {
            entries = HostCommand.listTarball(request.main());
        } catch (IOException e) {
            throw new ImageRejected("Invalid image tarball: " + e.getMessage());
        }
        layout.check(entries);
        String member = entries.stream().filter(e -> ImageLayout.normalize(e).equals("metadata.yaml")).findFirst()
                .orElseThrow();
        ImageMetadata metadata = ImageMetadata.parse(HostCommand.readMember(request.main(), member));
        if (request.rootfs() != null) {
            checkRootfs(request.rootfs());
        }
        return metadata;
    }

    private static void checkRootfs(Path rootfs) throws IOException, ImageRejected {
        byte[] magic;
        try (InputStream in = Files.newInputStream(rootfs)) {
            magic = in.readNBytes(4);
        }
        if (magic.length == 4 && new String(magic, StandardCharsets.ISO_8859_1).equals("hsqs")) {
            if (!HostCommand.available("unsquashfs")) {
                throw new ImageRejected("Squashfs images need unsquashfs on the host (Debian: squashfs-tools)");
            }
            return;
        }
        try {
            if (HostCommand.listTarball(rootfs).isEmpty()) {
                throw new ImageRejected("Invalid rootfs: the tarball is empty");
            }
        } catch (IOException e) {
            throw new ImageRejected("Invalid rootfs: neither a tarball nor a squashfs (" + e.getMessage() + ")");
        }
    }

    private Image write(ImportRequest request, String fp, ImageMetadata metadata, long size, StoreCatalog catalog) {
        Instant now = Instant.now();
        String key = Keys.resource(request.project(), fp);
        long revision = catalog.nextImageRevision(request.project(), fp);
        Map<String, String> properties = new java.util.LinkedHashMap<>(metadata.properties());
        properties.putAll(request.properties());
        Image image = new Image(request.project(), fp, "container", request.filename(), size, metadata.architecture(),
                Map.copyOf(properties), request.isPublic(), false, List.of("default"), metadata.creationDate(), now,
                null, revision);
        String eventKey = Keys.apiPath(CatalogRules.IMAGES, request.project(), fp);
        long seq = catalog.lastSeq(eventKey) + 1;
        LifecycleEvent event = LifecycleEvent.of(UUID.randomUUID().toString(), seq, now, request.project(), "none",
                new LifecycleData(Actions.IMAGE_CREATED, Keys.source(CatalogRules.IMAGES, request.project(), fp),
                        Map.of("type", image.type()), request.requestor()));
        Headers imageHeaders = headers(RecordHeaders.REVISION, Long.toString(revision));
        imageHeaders.add(new RecordHeader(StorageHeaders.EVENT_SEQ, Long.toString(seq).getBytes(StandardCharsets.UTF_8)));
        ledger.commit(List.of(
                new LedgerRecord(Topics.IMAGES, key, IMAGE_JSON.serialize(null, image), imageHeaders, true),
                new LedgerRecord(Topics.LIFECYCLE, eventKey, EVENT_JSON.serialize(null, event),
                        headers(RecordHeaders.CONTENT_TYPE, RecordHeaders.CLOUDEVENTS_JSON), false)));
        LOG.infof("Imported image %s into project %s (%d bytes)", fp, request.project(), size);
        return image;
    }

    private StoreCatalog catalog() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new InvalidStateStoreException("Kafka Streams is " + streams.state());
        }
        return new StoreCatalog(
                streams.store(StoreQueryParameters.fromNameAndType(StoreNames.IMAGES,
                        QueryableStoreTypes.<String, Image>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(StoreNames.ALIASES,
                        QueryableStoreTypes.<String, ImageAlias>keyValueStore())),
                streams.store(StoreQueryParameters.fromNameAndType(StoreNames.COUNTERS,
                        QueryableStoreTypes.<String, Long>keyValueStore())));
    }

    private static Headers headers(String name, String value) {
        Headers headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    private static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Cannot remove %s: %s", file, e.toString());
        }
    }
}
