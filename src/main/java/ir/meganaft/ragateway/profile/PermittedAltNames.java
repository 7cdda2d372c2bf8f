package ir.meganaft.ragateway.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The subjectAltName asked for holds no kind of name but these: {@code email} (rfc822Name), {@code dns}
 * (dNSName), {@code uri}, {@code ip}; {@code none} allows no alternative name at all.
 */
public record PermittedAltNames(Set<String> kinds) implements SubjectRule {
    private static final Map<String, Integer> TAGS = new LinkedHashMap<>();

    static {
        TAGS.put("email", GeneralName.rfc822Name);
        TAGS.put("dns", GeneralName.dNSName);
        TAGS.put("uri", GeneralName.uniformResourceIdentifier);
        TAGS.put("ip", GeneralName.iPAddress);
    }

    public PermittedAltNames {
        Set<String> known = new LinkedHashSet<>();
        for (String kind : kinds) {
            String k = kind.strip().toLowerCase(Locale.ROOT);
            if (!TAGS.containsKey(k)) {
                throw new IllegalArgumentException(
                        "Unknown kind of alternative name " + kind + " (email, dns, uri, ip)");
            }
            known.add(k);
        }
        kinds = Collections.unmodifiableSet(known);
    }

    /** @param kinds comma-separated kinds, or {@code none} */
    public static PermittedAltNames of(String kinds) {
        Set<String> listed = new LinkedHashSet<>();
        for (String kind : kinds.split(",")) {
            if (!kind.isBlank() && !kind.strip().equalsIgnoreCase("none")) {
                listed.add(kind);
            }
        }
        return new PermittedAltNames(listed);
    }

    @Override
    public void check(X500Name subject, GeneralNames altNames) throws ProfileViolation {
        if (altNames == null) {
            return;
        }
        for (GeneralName name : altNames.getNames()) {
            String kind = kindOf(name.getTagNo());
            if (kind == null || !kinds.contains(kind)) {
                throw new ProfileViolation("The subjectAltName carries "
                        + (kind == null ? "a name of tag " + name.getTagNo() : "the " + kind + " name")
                        + " " + name.getName() + ", which this profile does not allow ("
                        + (kinds.isEmpty() ? "it allows none" : "it allows " + String.join(", ", kinds)) + ")");
            }
        }
    }

    private static String kindOf(int tag) {
        for (Map.Entry<String, Integer> e : TAGS.entrySet()) {
            if (e.getValue() == tag) {
                return e.getKey();
            }
        }
        return null;
    }
}
