package io.lxbus.common;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

import java.util.function.Consumer;

/** The services' Kafka Streams failure policy. */
public final class StreamThreads {
    /** What is logged (at error) when a stream thread dies. */
    public static final String REPLACING = "Kafka Streams thread failed; replacing it";

    private StreamThreads() {
    }

    /**
     * A stream thread that dies of an unexpected error is replaced; its task resumes from the last commit.
     * {@code logError} receives the error, to log it with {@link #REPLACING} in the service's own logger.
     */
    public static StreamsUncaughtExceptionHandler replaceOnFailure(Consumer<Throwable> logError) {
        return error -> {
            logError.accept(error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }
}
