package io.lxbus.idmap.host;

import io.lxbus.idmap.domain.IdRanges;
import io.lxbus.idmap.domain.RootAllocation;
import io.lxbus.idmap.domain.SubidFile;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Root's allocation from the subuid and subgid files, read again whenever either file's modification time, size or
 * identity (a replaced file) changes; checking costs two {@code stat} calls, so it runs before every decision.
 */
public final class SubidFiles implements Supplier<RootAllocation> {
    private static final Logger LOG = Logger.getLogger(SubidFiles.class);

    private final Path subuid;
    private final Path subgid;
    private Stamp uidStamp;
    private Stamp gidStamp;
    private RootAllocation current = RootAllocation.NONE;

    public SubidFiles(Path subuid, Path subgid) {
        this.subuid = subuid;
        this.subgid = subgid;
    }

    /** Root's allocation as the files say now. */
    @Override
    public synchronized RootAllocation get() {
        Stamp uidNow = Stamp.of(subuid);
        Stamp gidNow = Stamp.of(subgid);
        if (uidStamp == null || !uidNow.equals(uidStamp) || !gidNow.equals(gidStamp)) {
            current = new RootAllocation(read(subuid, uidNow), read(subgid, gidNow));
            uidStamp = uidNow;
            gidStamp = gidNow;
            if (current.uids().isEmpty() || current.gids().isEmpty()) {
                LOG.warnf("No subuid/subgid allocation for root in %s and %s (%s): unprivileged containers "
                        + "cannot be created", subuid, subgid, current);
            } else {
                LOG.infof("Root's allocation from %s and %s: %s", subuid, subgid, current);
            }
        }
        return current;
    }

    private static IdRanges read(Path file, Stamp stamp) {
        if (!stamp.exists()) {
            return IdRanges.NONE;
        }
        try {
            SubidFile parsed = SubidFile.parse(Files.readString(file, StandardCharsets.UTF_8));
            parsed.problems().forEach(problem -> LOG.warnf("%s: %s", file, problem));
            return parsed.root();
        } catch (IOException e) {
            LOG.warnf("Cannot read %s: %s", file, e.toString());
            return IdRanges.NONE;
        }
    }

    /** What tells a changed file from the one last read. */
    private record Stamp(boolean exists, long modifiedNanos, long size, Object key) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(true, attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                        attributes.size(), Objects.requireNonNullElse(attributes.fileKey(), ""));
            } catch (NoSuchFileException e) {
                return new Stamp(false, 0, 0, "");
            } catch (IOException e) {
                return new Stamp(false, -1, -1, e.toString());
            }
        }
    }
}
