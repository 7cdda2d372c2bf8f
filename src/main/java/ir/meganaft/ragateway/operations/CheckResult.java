package ir.meganaft.ragateway.operations;

import java.time.Instant;

/** The latest finding of one check, and when it was made. */
public record CheckResult(String name, boolean critical, Finding.State state, String detail, Instant checkedAt) {

    /** True unless a critical check found its part down. */
    public boolean allowsReadiness() {
        return !critical || state != Finding.State.DOWN;
    }
}
