package io.lxbus.instance.messaging;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock a test moves by hand (a test driver's wall clock only drives punctuators, not the processor's now). */
final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
        this.now = now;
    }

    /** From now on the clock says {@code instant}. */
    void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
