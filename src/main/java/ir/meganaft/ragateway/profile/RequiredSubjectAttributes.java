package ir.meganaft.ragateway.profile;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;

/** The subject carries each of these attribute types (a personal certificate its SERIALNUMBER, say). */
public record RequiredSubjectAttributes(Set<ASN1ObjectIdentifier> types) implements SubjectRule {
    public RequiredSubjectAttributes {
        types = Collections.unmodifiableSet(new LinkedHashSet<>(types));
    }

    /** @param names comma-separated short names (C, O, CN, SERIALNUMBER, organizationIdentifier) or OIDs */
    public static RequiredSubjectAttributes of(String names) {
        return new RequiredSubjectAttributes(SubjectAttributes.parse(names));
    }

    @Override
    public void check(X500Name subject, GeneralNames altNames) throws ProfileViolation {
        List<ASN1ObjectIdentifier> present = SubjectAttributes.of(subject);
        for (ASN1ObjectIdentifier type : types) {
            if (!present.contains(type)) {
                throw new ProfileViolation("The subject lacks " + SubjectAttributes.name(type)
                        + ", which this profile requires (it requires " + SubjectAttributes.names(types) + ")");
            }
        }
    }
}
