package ir.meganaft.ragateway.lifecycle;

/**
 * A certificate named by a caller: by the request that produced it, or by issuer DN and serial number.
 * Exactly one of {@code requestId} and ({@code issuer}, {@code serialNumber}) is set.
 */
public record CertificateReference(String requestId, String issuer, String serialNumber) {}
