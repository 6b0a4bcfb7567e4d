package io.lxbus.executor.driver;

/** A file operation inside an instance failed; {@link #status()} is how the API reports it (404 for a missing path). */
public final class FileFailure extends RuntimeException {
    private final int status;

    public FileFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status LXD answers with for this failure. */
    public int status() {
        return status;
    }

    /** The failure for an errno, in LXD's wording where the client shows it ("Not Found" for a missing path). */
    public static FileFailure ofErrno(int errno, String what) {
        return switch (errno) {
            case 2, 20 -> new FileFailure(404, "Not Found");
            case 1, 13 -> new FileFailure(403, "Permission denied: " + what);
            case 17 -> new FileFailure(409, "File exists: " + what);
            case 21 -> new FileFailure(400, "Is a directory: " + what);
            case 39 -> new FileFailure(400, "Directory not empty: " + what);
            case 40 -> new FileFailure(400, "Too many levels of symbolic links: " + what);
            default -> new FileFailure(500, "Failed on " + what + " (errno " + errno + ")");
        };
    }
}
