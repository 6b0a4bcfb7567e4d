package io.lxbus.executor.driver.lxc;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import io.lxbus.executor.driver.lxc.jna.ExecLibc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One exec's connection to the attach server (protocol in {@code src/main/c/lxbus-attach.c}): the request goes with
 * the command's three descriptors (SCM_RIGHTS); the connection then carries signals one way and the exit status the
 * other. Ending it ({@link #hangUp()}) makes the server's child kill the command.
 */
final class AttachConnection {
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int EINTR = 4;

    private final int fd;

    private AttachConnection(int fd) {
        this.fd = fd;
    }

    /**
     * Connects, sends the request and waits until the server's child has read it.
     *
     * @throws IOException when the server cannot be reached or does not take the request; nothing ran then
     */
    static AttachConnection open(Path socket, byte[] request, int[] stdio, int timeoutMillis) throws IOException {
        ExecLibc libc = ExecLibc.get();
        byte[] address = address(socket);
        int fd;
        try {
            fd = libc.socket(ExecLibc.AF_UNIX, ExecLibc.SOCK_STREAM_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("cannot create a socket: " + e.getMessage(), e);
        }
        try {
            libc.connect(fd, address, SOCKADDR_UN_SIZE);
            send(libc, fd, request, stdio);
            int[] pollfd = {fd, ExecLibc.POLLIN};
            if (libc.poll(pollfd, new NativeLong(1), timeoutMillis) == 0) {
                throw new IOException("did not take the request within " + timeoutMillis / 1000 + " s");
            }
            byte[] ack = new byte[1];
            if (libc.read(fd, ack, new NativeLong(1)).intValue() != 1 || ack[0] != 'A') {
                throw new IOException("ended the connection before taking the request");
            }
            return new AttachConnection(fd);
        } catch (LastErrorException | IOException e) {
            libc.close(fd);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /** Waits for the command's exit status; -1 when the connection ended without one. */
    int awaitStatus() {
        byte[] status = new byte[4];
        int have = 0;
        while (have < status.length) {
            byte[] part = new byte[status.length - have];
            long n;
            try {
                n = ExecLibc.get().read(fd, part, new NativeLong(part.length)).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                return -1;
            }
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(part, 0, status, have, (int) n);
            have += (int) n;
        }
        return ByteBuffer.wrap(status).order(ByteOrder.nativeOrder()).getInt();
    }

    /** Passes a signal on to the command; false when the connection is gone (the command ended). */
    boolean signal(int signal) {
        byte[] message = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(signal).array();
        try {
            return ExecLibc.get().write(fd, message, new NativeLong(message.length)).intValue() == message.length;
        } catch (LastErrorException e) {
            return false;
        }
    }

    /** Ends the connection both ways (the command is killed); wakes {@link #awaitStatus()}. */
    void hangUp() {
        try {
            ExecLibc.get().shutdown(fd, ExecLibc.SHUT_RDWR);
        } catch (LastErrorException ignored) {
            // Already ended by the other side.
        }
    }

    /** Closes the descriptor; only after {@link #awaitStatus()} returned. */
    void close() {
        try {
            ExecLibc.get().close(fd);
        } catch (LastErrorException ignored) {
            // Nothing to do.
        }
    }

    private static byte[] address(Path socket) throws IOException {
        byte[] path = socket.toString().getBytes(StandardCharsets.UTF_8);
        if (path.length >= SOCKADDR_UN_SIZE - 2) {
            throw new IOException("the socket path " + socket + " is too long");
        }
        byte[] address = new byte[SOCKADDR_UN_SIZE];
        address[0] = ExecLibc.AF_UNIX;
        System.arraycopy(path, 0, address, 2, path.length);
        return address;
    }

    /** {@code sendmsg} of the length-prefixed request with the descriptors on its first byte; the rest by write. */
    private static void send(ExecLibc libc, int fd, byte[] request, int[] stdio) {
        Memory data = new Memory(4L + request.length);
        data.setInt(0, request.length);
        data.write(4, request, 0, request.length);
        Memory iov = new Memory(16);
        iov.setPointer(0, data);
        iov.setLong(8, data.size());
        // struct cmsghdr {size_t len; int level; int type; int fds[3];}, padded to CMSG_SPACE(12) = 32
        Memory control = new Memory(32);
        control.clear();
        control.setLong(0, 16 + 4L * stdio.length);
        control.setInt(8, ExecLibc.SOL_SOCKET);
        control.setInt(12, ExecLibc.SCM_RIGHTS);
        control.write(16, stdio, 0, stdio.length);
        // struct msghdr {name, namelen, iov, iovlen, control, controllen, flags}
        Memory message = new Memory(56);
        message.clear();
        message.setPointer(16, iov);
        message.setLong(24, 1);
        message.setPointer(32, control);
        message.setLong(40, control.size());
        long sent = libc.sendmsg(fd, message, MSG_NOSIGNAL).longValue();
        byte[] whole = data.getByteArray(0, (int) data.size());
        while (sent < whole.length) {
            byte[] rest = Arrays.copyOfRange(whole, (int) sent, whole.length);
            sent += libc.write(fd, rest, new NativeLong(rest.length)).longValue();
        }
    }
}
