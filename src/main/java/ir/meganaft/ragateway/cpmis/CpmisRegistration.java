package ir.meganaft.ragateway.cpmis;

/**
 * A request's CPMIS registration as getCpmisRegistration shows it.
 *
 * @param disablement null until the certificate was revoked
 * @param attempts and {@code lastError}: of the latest CPMIS call
 */
public record CpmisRegistration(
        String requestId,
        CpmisStatus status,
        CpmisAccount account,
        CpmisStatus disablement,
        int attempts,
        String lastError) {}
