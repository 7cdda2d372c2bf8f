package ir.meganaft.ragateway.profile;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * extendedKeyUsage, not critical, in the order given.
 *
 * @param names clientAuth, serverAuth, emailProtection, codeSigning, timeStamping, OCSPSigning, cmcRA,
 *     cmcCA (case-insensitive), or dotted OIDs (1.3.6.1.5.5.7.3.36, document signing)
 */
public record ExtendedKeyUsages(List<String> names) implements CertificateRule {
    private static final Map<String, KeyPurposeId> PURPOSES = Map.of(
            "clientauth", KeyPurposeId.id_kp_clientAuth,
            "serverauth", KeyPurposeId.id_kp_serverAuth,
            "emailprotection", KeyPurposeId.id_kp_emailProtection,
            "codesigning", KeyPurposeId.id_kp_codeSigning,
            "timestamping", KeyPurposeId.id_kp_timeStamping,
            "ocspsigning", KeyPurposeId.id_kp_OCSPSigning,
            "cmcra", KeyPurposeId.id_kp_cmcRA,
            "cmcca", KeyPurposeId.id_kp_cmcCA);

    public ExtendedKeyUsages {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("An extendedKeyUsage needs at least one purpose");
        }
        for (String name : names) {
            purpose(name);
        }
    }

    @Override
    public void apply(CertificateDraft draft) {
        KeyPurposeId[] purposes = names.stream().map(ExtendedKeyUsages::purpose).toArray(KeyPurposeId[]::new);
        draft.add(ExtensionValues.of(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes)));
    }

    private static KeyPurposeId purpose(String name) {
        KeyPurposeId known = PURPOSES.get(name.strip().toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        try {
            return KeyPurposeId.getInstance(new ASN1ObjectIdentifier(name.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown extended key usage in profile: " + name
                    + " (a name such as clientAuth or emailProtection, or a dotted OID)");
        }
    }
}
