package ir.meganaft.ragateway.ca;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * An optional ability of a {@link CertificateAuthority}: saying whether it can issue now. A remote
 * CA implements it with a call to its server; the in-process CA, which has no server to lose, is
 * judged by its certificate ({@link #ofCertificate}).
 */
public interface CaHealth {

    /** Whether the CA can issue, and one line for an admin. */
    record Status(boolean up, String detail) {}

    Status health();

    /** Up while the CA certificate is within its validity: an in-process CA's only way to be unable to issue. */
    static Status ofCertificate(X509Certificate ca, Instant now) {
        String subject = ca.getSubjectX500Principal().getName();
        if (now.isAfter(ca.getNotAfter().toInstant())) {
            return new Status(
                    false,
                    "the CA certificate " + subject + " expired at "
                            + ca.getNotAfter().toInstant());
        }
        if (now.isBefore(ca.getNotBefore().toInstant())) {
            return new Status(
                    false,
                    "the CA certificate " + subject + " is valid only from "
                            + ca.getNotBefore().toInstant());
        }
        return new Status(
                true,
                "in-process CA " + subject + ", certificate valid until "
                        + ca.getNotAfter().toInstant());
    }
}
