package io.lxbus.storage.driver.dir;

import io.lxbus.storage.driver.DriverInfo;
import io.lxbus.storage.driver.HostCommand;
import io.lxbus.storage.driver.ImageSource;
import io.lxbus.storage.driver.UnsupportedDriver;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Plain folders: {@code <source>/images/<fp>/} holds an image unpacked once, and
 * {@code <source>/containers/<uuid>/} an instance's copy of it ({@code cp -a --reflink=auto}, so
 * filesystems with reflinks share blocks); {@code <source>/containers-snapshots/<instance uuid>/<snapshot uuid>/} a
 * snapshot, a full copy made the same way. Work happens under a temporary name and is renamed into
 * place, so a crash never leaves a half-made volume under a real name.
 *
 * <p>A full copy is the slow part of a create (60 ms for the tiny busybox image on this machine kind, seconds for a
 * distribution image), so the driver keeps one <em>spare</em> copy of each image an instance was made from,
 * {@code <source>/containers/.spare-<fp>}: a clone renames it into place and a new spare is copied in the background.
 * The spare costs the disk space of one more copy of each image in use; it goes with its image.
 */
public final class DirDriver extends UnsupportedDriver {
    /** The driver's name. */
    public static final String NAME = "dir";
    private static final DriverInfo INFO = new DriverInfo(NAME, true, false, false, false, true);
    private static final String TEMPORARY = ".tmp-";
    private static final String TRASH = ".trash-";
    private static final String SPARE = ".spare-";
    private static final String SNAPSHOTS = "containers-snapshots";

    @Override
    public DriverInfo info() {
        return INFO;
    }

    @Override
    public void createPool(Path source) throws IOException {
        Files.createDirectories(source.resolve("containers"));
        Files.createDirectories(source.resolve("images"));
        Files.createDirectories(source.resolve("custom"));
        Files.createDirectories(source.resolve(SNAPSHOTS));
    }

    @Override
    public void cleanUp(Path source) throws IOException {
        List<Path> areas = new ArrayList<>(List.of(source.resolve("containers"), source.resolve("images"),
                source.resolve(SNAPSHOTS)));
        for (String instance : names(source.resolve(SNAPSHOTS))) {
            areas.add(source.resolve(SNAPSHOTS).resolve(instance));
        }
        for (Path folder : areas) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(folder)) {
                for (Path entry : entries.toList()) {
                    String name = entry.getFileName().toString();
                    if (name.startsWith(TEMPORARY) || name.startsWith(TRASH)
                            || name.startsWith(SPARE) && !Files.isDirectory(image(source, name.substring(SPARE.length())))) {
                        removeTree(entry);
                    }
                }
            }
        }
    }

    @Override
    public Path ensureImage(Path source, String fingerprint, ImageSource image) throws IOException {
        Path target = source.resolve("images").resolve(fingerprint);
        if (Files.isDirectory(target)) {
            return target;
        }
        Path work = temporary(source.resolve("images"), fingerprint);
        try {
            Files.createDirectories(work);
            HostCommand.unpack(image.main(), work);
            if (image.split()) {
                Path rootfs = work.resolve("rootfs");
                if (isSquashfs(image.rootfs())) {
                    HostCommand.run("unsquashfs", "-f", "-n", "-d", rootfs.toString(), image.rootfs().toString());
                } else {
                    Files.createDirectories(rootfs);
                    HostCommand.unpack(image.rootfs(), rootfs);
                }
            }
            if (!Files.isDirectory(work.resolve("rootfs"))) {
                throw new IOException("The image " + fingerprint + " has no rootfs/");
            }
            return moveIntoPlace(work, target);
        } finally {
            removeTree(work);
        }
    }

    @Override
    public Path cloneImage(Path source, String fingerprint, String uuid) throws IOException {
        Path image = image(source, fingerprint);
        if (!Files.isDirectory(image)) {
            throw new IOException("The image " + fingerprint + " is not unpacked in " + source);
        }
        Path target = instanceVolume(source, uuid);
        if (Files.isDirectory(target)) {
            return target;
        }
        try {
            // Whoever renames the spare first gets it; everyone else copies.
            Files.move(spare(source, fingerprint), target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException noSpare) {
            // fall through to a copy
        }
        return copyIntoPlace(image, target);
    }

    @Override
    public void prepareSpare(Path source, String fingerprint) throws IOException {
        Path image = image(source, fingerprint);
        Path spare = spare(source, fingerprint);
        if (!Files.isDirectory(image) || Files.isDirectory(spare)) {
            return;
        }
        copyIntoPlace(image, spare);
        if (!Files.isDirectory(image)) {
            discard(spare); // the image was deleted while the copy was made
        }
    }

    @Override
    public Path instanceVolume(Path source, String uuid) {
        return source.resolve("containers").resolve(uuid);
    }

    @Override
    public void deleteInstanceVolume(Path source, String uuid) throws IOException {
        discard(instanceVolume(source, uuid));
    }

    @Override
    public void deleteImageVolume(Path source, String fingerprint) throws IOException {
        discard(spare(source, fingerprint));
        discard(image(source, fingerprint));
    }

    private static Path image(Path source, String fingerprint) {
        return source.resolve("images").resolve(fingerprint);
    }

    private static Path spare(Path source, String fingerprint) {
        return source.resolve("containers").resolve(SPARE + fingerprint);
    }

    @Override
    public Path snapshotVolume(Path source, String instanceUuid, String snapshotUuid) {
        return source.resolve(SNAPSHOTS).resolve(instanceUuid).resolve(snapshotUuid);
    }

    @Override
    public Path copyVolume(Path from, Path target) throws IOException {
        if (Files.isDirectory(target)) {
            return target;
        }
        if (!Files.isDirectory(from)) {
            throw new IOException("The source volume " + from + " does not exist");
        }
        Files.createDirectories(target.getParent());
        return copyIntoPlace(from, target);
    }

    /** Copies {@code from} under a temporary name beside {@code target}, then renames it into place. */
    private static Path copyIntoPlace(Path from, Path target) throws IOException {
        Path work = temporary(target.getParent(), target.getFileName().toString());
        try {
            HostCommand.run("cp", "-a", "--reflink=auto", from.toString(), work.toString());
            return moveIntoPlace(work, target);
        } finally {
            removeTree(work);
        }
    }

    @Override
    public void restoreVolume(Path source, String instanceUuid, Path snapshot) throws IOException {
        Path volume = instanceVolume(source, instanceUuid);
        Path rootfs = volume.resolve("rootfs");
        if (!Files.isDirectory(volume) || !Files.isDirectory(snapshot.resolve("rootfs"))) {
            throw new IOException("The instance's volume or the snapshot's files are missing");
        }
        Path work = temporary(source.resolve("containers"), instanceUuid + "-restore");
        Path trash = source.resolve("containers").resolve(TRASH + instanceUuid + "-rootfs-"
                + UUID.randomUUID().toString().substring(0, 8));
        try {
            HostCommand.run("cp", "-a", "--reflink=auto", snapshot.resolve("rootfs").toString(), work.toString());
            if (Files.exists(rootfs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.move(rootfs, trash, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(work, rootfs, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            removeTree(work);
            removeTree(trash);
        }
    }

    @Override
    public void deleteSnapshotVolume(Path source, String instanceUuid, String snapshotUuid) throws IOException {
        discard(snapshotVolume(source, instanceUuid, snapshotUuid));
    }

    @Override
    public void deleteInstanceSnapshots(Path source, String instanceUuid) throws IOException {
        discard(source.resolve(SNAPSHOTS).resolve(instanceUuid));
    }

    @Override
    public Map<String, Set<String>> snapshotVolumes(Path source) throws IOException {
        Map<String, Set<String>> found = new TreeMap<>();
        for (String instance : names(source.resolve(SNAPSHOTS))) {
            found.put(instance, names(source.resolve(SNAPSHOTS).resolve(instance)));
        }
        return found;
    }

    @Override
    public Set<String> instanceVolumes(Path source) throws IOException {
        return names(source.resolve("containers"));
    }

    @Override
    public Set<String> imageVolumes(Path source) throws IOException {
        return names(source.resolve("images"));
    }

    private static Set<String> names(Path folder) throws IOException {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(folder)) {
            return names;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(names::add);
        }
        return names;
    }

    private static Path temporary(Path parent, String name) {
        return parent.resolve(TEMPORARY + name + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Renames {@code work} to {@code target}; if someone else made {@code target} first, theirs wins. */
    private static Path moveIntoPlace(Path work, Path target) throws IOException {
        try {
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
        }
        return target;
    }

    /** Renames a folder out of the way, then removes it, so a crash half-way leaves only trash. */
    private static void discard(Path folder) throws IOException {
        if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path trash = temporaryTrash(folder);
        Files.move(folder, trash, StandardCopyOption.ATOMIC_MOVE);
        removeTree(trash);
    }

    private static Path temporaryTrash(Path folder) {
        return folder.resolveSibling(TRASH + folder.getFileName() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static void removeTree(Path folder) throws IOException {
        if (Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            HostCommand.run("rm", "-rf", "--one-file-system", folder.toString());
        }
    }

    private static boolean isSquashfs(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'h' && magic[1] == 's' && magic[2] == 'q' && magic[3] == 's';
        }
    }
}
