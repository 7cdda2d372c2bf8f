package ir.meganaft.ragateway.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * A profile's rules for the names a certificate carries, as configured ({@code subject-required},
 * {@code subject-optional}, {@code alt-names}); blank everywhere ({@link #ANY}): no rule.
 *
 * @param required the subject attributes it must carry (comma-separated: C, O, CN, SERIALNUMBER, ...)
 * @param optional those it may carry as well; any other is refused. {@code none}: only the required ones;
 *     blank with {@code required} blank: any attribute
 * @param altNames the kinds of subjectAltName allowed (email, dns, uri, ip, or none); blank: any
 */
public record SubjectPolicy(String required, String optional, String altNames) {
    public static final SubjectPolicy ANY = new SubjectPolicy("", "", "");

    public SubjectPolicy {
        required = required == null ? "" : required.strip();
        optional = optional == null ? "" : optional.strip();
        altNames = altNames == null ? "" : altNames.strip();
        rules(required, optional, altNames); // a misspelt name stops the start
    }

    /** The rules, each on its own: the required attributes, the permitted ones, the permitted alternative names. */
    public List<SubjectRule> rules() {
        return rules(required, optional, altNames);
    }

    /** Holds a subject (and the alternative names asked for, or null) to every rule. */
    public void check(X500Name subject, GeneralNames altNames) throws ProfileViolation {
        for (SubjectRule rule : rules()) {
            rule.check(subject, altNames);
        }
    }

    private static List<SubjectRule> rules(String required, String optional, String altNames) {
        List<SubjectRule> rules = new ArrayList<>();
        Set<ASN1ObjectIdentifier> must = SubjectAttributes.parse(required);
        if (!must.isEmpty()) {
            rules.add(new RequiredSubjectAttributes(must));
        }
        if (!must.isEmpty() || !optional.isEmpty()) {
            Set<ASN1ObjectIdentifier> permitted = new LinkedHashSet<>(must);
            if (!optional.equalsIgnoreCase("none")) {
                permitted.addAll(SubjectAttributes.parse(optional));
            }
            rules.add(new PermittedSubjectAttributes(permitted));
        }
        if (!altNames.isEmpty()) {
            rules.add(PermittedAltNames.of(altNames));
        }
        return List.copyOf(rules);
    }
}
