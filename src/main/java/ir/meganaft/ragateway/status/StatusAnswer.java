package ir.meganaft.ragateway.status;

import ir.meganaft.ragateway.request.IssuedCertificate;
import java.time.Instant;

/**
 * A certificate's status as the gateway's database has it now.
 *
 * @param certificate null when UNKNOWN
 */
public record StatusAnswer(Status status, IssuedCertificate certificate, Instant checkedAt) {

    public enum Status {
        GOOD,
        REVOKED,
        ON_HOLD,
        UNKNOWN
    }

    static StatusAnswer of(IssuedCertificate c, Instant at) {
        Status status = switch (c.status()) {
            case GOOD -> Status.GOOD;
            case REVOKED -> Status.REVOKED;
            case ON_HOLD -> Status.ON_HOLD;
        };
        return new StatusAnswer(status, c, at);
    }

    static StatusAnswer unknown(Instant at) {
        return new StatusAnswer(Status.UNKNOWN, null, at);
    }
}
