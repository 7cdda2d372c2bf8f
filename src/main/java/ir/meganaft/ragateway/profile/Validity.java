package ir.meganaft.ragateway.profile;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * How long a certificate is valid: from five minutes before issuance (for relying parties whose clock
 * is a little behind) to {@code length} after it, in whole seconds.
 */
public record Validity(Duration length) implements CertificateRule {
    /** How far notBefore is set back from the issuer's clock. */
    public static final Duration BACKDATING = Duration.ofMinutes(5);

    public Validity {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("Profile validity must be positive");
        }
    }

    @Override
    public void apply(CertificateDraft draft) {
        draft.validity(
                draft.now().minus(BACKDATING).truncatedTo(ChronoUnit.SECONDS),
                draft.now().plus(length).truncatedTo(ChronoUnit.SECONDS));
    }
}
