package io.lxbus.executor.driver.lxc.jna;

import com.sun.jna.Pointer;

/**
 * The one place that turns liblxc's failure conventions into {@link LxcException}: {@code false} from a
 * {@code bool} call, a negative length, a null pointer; the message carries {@code error_string}/{@code error_num}
 * from the struct when liblxc set them.
 */
final class LxcCalls {
    private LxcCalls() {
    }

    /** A {@code bool} result: passes on true, throws on false. */
    static void requireTrue(byte result, LxcContainerStruct struct, String container, String call) {
        if (result == 0) {
            throw failure(struct, container, call);
        }
    }

    /** An {@code int} result where negative means failure; returns it. */
    static int requireNonNegative(int result, LxcContainerStruct struct, String container, String call) {
        if (result < 0) {
            throw failure(struct, container, call);
        }
        return result;
    }

    /** A pointer result where null means failure; returns it. */
    static Pointer requireNonNull(Pointer result, String container, String call) {
        if (result == null) {
            throw new LxcException(call + " failed for " + container, 0);
        }
        return result;
    }

    /** The exception for a failed call, with liblxc's last error when the struct has one. */
    static LxcException failure(LxcContainerStruct struct, String container, String call) {
        String detail = null;
        int number = 0;
        if (struct != null) {
            Pointer text = (Pointer) struct.readField("error_string");
            detail = text == null ? null : text.getString(0);
            number = (Integer) struct.readField("error_num");
        }
        String message = call + " failed for " + container + (detail == null || detail.isBlank() ? "" : ": " + detail)
                + (number != 0 ? " (error " + number + ")" : "");
        return new LxcException(message, number);
    }
}
