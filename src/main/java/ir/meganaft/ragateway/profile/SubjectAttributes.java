package ir.meganaft.ragateway.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Subject attribute types by their short names (C, O, OU, CN, SERIALNUMBER, organizationIdentifier, ...). */
final class SubjectAttributes {
    private SubjectAttributes() {}

    /** The types named (comma-separated, case-insensitive short names or dotted OIDs), in the order given. */
    static Set<ASN1ObjectIdentifier> parse(String names) {
        Set<ASN1ObjectIdentifier> types = new LinkedHashSet<>();
        for (String name : names.split(",")) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            try {
                types.add(BCStyle.INSTANCE.attrNameToOID(n));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Unknown subject attribute " + n
                                + " (C, O, OU, CN, GIVENNAME, SURNAME, SERIALNUMBER, organizationIdentifier, E, ... or a dotted OID)");
            }
        }
        return types;
    }

    /** Every attribute type the subject carries, in order (a multi-valued RDN gives each of its types). */
    static List<ASN1ObjectIdentifier> of(X500Name subject) {
        List<ASN1ObjectIdentifier> types = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                types.add(atv.getType());
            }
        }
        return types;
    }

    static String name(ASN1ObjectIdentifier type) {
        String name = BCStyle.INSTANCE.oidToDisplayName(type);
        return name == null ? type.getId() : name;
    }

    static String names(Set<ASN1ObjectIdentifier> types) {
        return String.join(", ", types.stream().map(SubjectAttributes::name).toList());
    }
}
