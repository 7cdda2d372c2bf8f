package ir.meganaft.ragateway.cpmis;

import java.time.Instant;

/**
 * A user's CPMIS account for an issued certificate.
 *
 * @param suppliedBy "system:<id>" (the R&D unit through its back-office system) or "officer:<id>" (the RA)
 */
public record CpmisAccount(
        String requestId, String username, String accessLevel, String suppliedBy, Instant suppliedAt) {}
