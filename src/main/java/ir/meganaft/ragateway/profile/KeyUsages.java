package ir.meganaft.ragateway.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * keyUsage, critical: the profile's usages that the subject's key can have. An EC key cannot encipher
 * (keyEncipherment, dataEncipherment are left out) and an RSA key cannot agree (keyAgreement is left
 * out); a key left with none of the profile's usages is refused.
 *
 * @param names RFC 5280 names, case-insensitive: digitalSignature, nonRepudiation (contentCommitment),
 *     keyEncipherment, dataEncipherment, keyAgreement
 */
public record KeyUsages(List<String> names) implements CertificateRule {
    private static final Map<String, Integer> BITS = Map.of(
            "digitalsignature", KeyUsage.digitalSignature,
            "nonrepudiation", KeyUsage.nonRepudiation,
            "contentcommitment", KeyUsage.nonRepudiation,
            "keyencipherment", KeyUsage.keyEncipherment,
            "dataencipherment", KeyUsage.dataEncipherment,
            "keyagreement", KeyUsage.keyAgreement);

    public KeyUsages {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("A profile needs at least one key usage");
        }
        for (String name : names) {
            bit(name);
        }
    }

    @Override
    public void apply(CertificateDraft draft) throws ProfileViolation {
        boolean rsa = draft.publicKey().getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption);
        int bits = 0;
        List<String> kept = new ArrayList<>();
        for (String name : names) {
            int bit = bit(name);
            boolean encipherment = bit == KeyUsage.keyEncipherment || bit == KeyUsage.dataEncipherment;
            boolean agreement = bit == KeyUsage.keyAgreement;
            if ((encipherment && !rsa) || (agreement && rsa)) {
                continue; // EC keys cannot encipher; RSA keys cannot agree
            }
            bits |= bit;
            kept.add(name);
        }
        if (kept.isEmpty()) {
            throw new ProfileViolation("A" + (rsa ? "n RSA" : " non-RSA")
                    + " key can have none of this profile's key usages (" + String.join(", ", names) + ")");
        }
        draft.add(ExtensionValues.of(Extension.keyUsage, true, new KeyUsage(bits)));
    }

    private static int bit(String name) {
        Integer bit = BITS.get(name.strip().toLowerCase(Locale.ROOT));
        if (bit == null) {
            throw new IllegalArgumentException("Unknown key usage in profile: " + name + " (known: digitalSignature, "
                    + "nonRepudiation, contentCommitment, keyEncipherment, dataEncipherment, keyAgreement)");
        }
        return bit;
    }
}
