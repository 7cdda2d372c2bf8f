package ir.meganaft.ragateway.ca;

import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.Revocation;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/** Where the local CA keeps the revocation status of what it issued. */
public interface RevocationRecords {

    Optional<CertificateStatus> status(BigInteger serial);

    /** Changes the status if it is still {@code expected}; returns false otherwise. */
    boolean change(
            BigInteger serial,
            CertificateStatus expected,
            CertificateStatus target,
            Revocation revocation,
            String actor,
            Instant at);
}
