package ir.meganaft.ragateway.request;

import java.time.Instant;

/**
 * One piece of evidence: a check or decision, who made it in which role, when, with what outcome,
 * and how the person was identified where that applies.
 *
 * @param actor {@code officer:<id>}, {@code gateway:<component>} or {@code caller:<system>}
 * @param role the RA role the officer acted in, or null for the gateway
 * @param outcome e.g. PASSED, FAILED, MATCH, NOT_PERFORMED, RECORDED
 */
public record Check(
        CheckKind kind,
        String actor,
        String role,
        String outcome,
        String identificationMethod,
        String details,
        String remarks,
        Instant at) {}
