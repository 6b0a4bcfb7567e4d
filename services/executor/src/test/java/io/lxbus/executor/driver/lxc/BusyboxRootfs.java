package io.lxbus.executor.driver.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** A minimal busybox root file system for tests: static busybox, its applets, an inittab that keeps init alive. */
public final class BusyboxRootfs {
    private BusyboxRootfs() {
    }

    /** Writes {@code <volume>/rootfs} and returns it. */
    public static Path create(Path volume) throws IOException, InterruptedException {
        Path rootfs = volume.resolve("rootfs");
        for (String dir : List.of("bin", "sbin", "etc", "proc", "sys", "dev", "tmp", "root", "run", "var/log")) {
            Files.createDirectories(rootfs.resolve(dir));
        }
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(rootfs.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Process install = new ProcessBuilder("chroot", rootfs.toString(), "/bin/busybox", "--install", "-s", "/bin")
                .inheritIO().start();
        if (install.waitFor() != 0) {
            throw new IOException("busybox --install failed");
        }
        Files.createSymbolicLink(rootfs.resolve("sbin/init"), Path.of("/bin/busybox"));
        // No tty: a respawned sleeper keeps init alive; SIGUSR2 makes init run shutdown and power off.
        Files.writeString(rootfs.resolve("etc/inittab"), """
                ::sysinit:/bin/true
                ::respawn:/bin/sleep 3600
                ::shutdown:/bin/true
                """);
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
        for (Path p = volume; p != null && !p.toString().equals("/"); p = p.getParent()) {
            if (p.toString().startsWith(System.getProperty("java.io.tmpdir"))
                    && !p.toString().equals(System.getProperty("java.io.tmpdir"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        return rootfs;
    }
}
