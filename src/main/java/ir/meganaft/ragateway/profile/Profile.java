package ir.meganaft.ragateway.profile;

import java.util.List;

/**
 * A certificate profile: a name and its rules, applied in order (the extensions come out in that order).
 *
 * @param name what requests and logs call it
 */
public record Profile(String name, List<CertificateRule> rules) {
    public Profile {
        rules = List.copyOf(rules);
    }

    /** Applies every rule to the draft; the first that refuses it stops the others. */
    public CertificateDraft shape(CertificateDraft draft) throws ProfileViolation {
        for (CertificateRule rule : rules) {
            rule.apply(draft);
        }
        return draft;
    }
}
