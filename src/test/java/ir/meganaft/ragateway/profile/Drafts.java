package ir.meganaft.ragateway.profile;

import ir.meganaft.ragateway.support.TestCertificates;
import ir.meganaft.ragateway.support.TestCsrs;
import java.security.KeyPair;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Drafts for the rules' tests: one issuing CA (valid a year) and one RSA and one EC key, made once. */
final class Drafts {
    static final TestCertificates.Issued CA = TestCertificates.ca("CN=Rules Test CA,O=MegaNaft,C=IR");
    static final KeyPair RSA = TestCsrs.rsa(2048);
    static final KeyPair EC = TestCsrs.ec("secp256r1");
    static final X500Name PERSON =
            new X500Name("C=IR,O=Unaffiliated,SURNAME=Rezaei,GIVENNAME=Ali,SERIALNUMBER=0499370899,CN=Ali Rezaei");
    static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123Z");

    private Drafts() {}

    static CertificateDraft of(KeyPair key) {
        return of(PERSON, key, null);
    }

    static CertificateDraft of(X500Name subject, KeyPair key, Extensions requested) {
        return new CertificateDraft(
                CA.certificate(),
                subject,
                SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()),
                requested,
                NOW);
    }

    static CertificateDraft now(KeyPair key) {
        return new CertificateDraft(
                CA.certificate(),
                PERSON,
                SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()),
                null,
                Instant.now());
    }

    static Extensions altNames(GeneralName... names) {
        try {
            return new Extensions(
                    new Extension(Extension.subjectAlternativeName, false, new GeneralNames(names).getEncoded()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Extension only(CertificateDraft draft) {
        org.assertj.core.api.Assertions.assertThat(draft.extensions()).hasSize(1);
        return draft.extensions().get(0);
    }
}
