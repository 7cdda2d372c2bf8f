package ir.meganaft.ragateway.profile;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The subject carries no attribute type but these (an organization's seal no personal names, say).
 * Each type at most once: a second CN or O makes a name relying parties read differently.
 */
public record PermittedSubjectAttributes(Set<ASN1ObjectIdentifier> types) implements SubjectRule {
    public PermittedSubjectAttributes {
        types = Collections.unmodifiableSet(new LinkedHashSet<>(types));
        if (types.isEmpty()) {
            throw new IllegalArgumentException("A profile permits at least one subject attribute");
        }
    }

    public static PermittedSubjectAttributes of(String names) {
        return new PermittedSubjectAttributes(SubjectAttributes.parse(names));
    }

    @Override
    public void check(X500Name subject, GeneralNames altNames) throws ProfileViolation {
        Set<ASN1ObjectIdentifier> seen = new java.util.HashSet<>();
        for (ASN1ObjectIdentifier type : SubjectAttributes.of(subject)) {
            if (!types.contains(type)) {
                throw new ProfileViolation("The subject carries " + SubjectAttributes.name(type)
                        + ", which this profile does not allow (it allows " + SubjectAttributes.names(types) + ")");
            }
            if (!seen.add(type)) {
                throw new ProfileViolation("The subject carries " + SubjectAttributes.name(type) + " more than once");
            }
        }
    }
}
