package ir.meganaft.ragateway.crl;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One revokedCertificates entry.
 *
 * @param reason the RFC 5280 reason name; null or "unspecified" writes no reasonCode extension
 * @param invalidityDate null for none
 */
public record CrlEntry(BigInteger serial, Instant revokedAt, String reason, Instant invalidityDate) {}
