package ir.meganaft.ragateway.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.issuance.RaSignedRequests;
import ir.meganaft.ragateway.keys.DevelopmentKeys;
import ir.meganaft.ragateway.keys.KeyLocations;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.support.TestCsrs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {
    private static final String POLICY = "2.25.1234567";
    private static Signer ca;
    private static Signer ra;
    private static Signer foreignRa;

    @BeforeAll
    static void keys(@TempDir Path ours, @TempDir Path theirs) {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        Signer[] own = createKeys(ours);
        ca = own[0];
        ra = own[1];
        foreignRa = createKeys(theirs)[1];
    }

    private static Signer[] createKeys(Path dir) {
        KeyLocations locations = new KeyLocations(dir.resolve("ca.p12"), "ca", dir.resolve("ra.p12"), "ra",
                dir.resolve("password"), "NO_SUCH_VARIABLE_IN_TESTS");
        new DevelopmentKeys().createIfMissing(locations, "EC-P256", "EC-P256");
        char[] password = locations.password();
        return new Signer[] {Pkcs12Keys.load(locations.caKeystore(), "ca", password),
            Pkcs12Keys.load(locations.raKeystore(), "ra", password)};
    }

    private static LocalCertificateAuthority authority(Duration validity) {
        CertificateProfile profile = new CertificateProfile(validity, List.of("digitalSignature", "keyEncipherment"),
                List.of("clientAuth"), POLICY, "", "http://crl.example/ca.crl", "http://ca.example/ca.cer", "");
        return new LocalCertificateAuthority(ca, List.of(ra.certificate()), profile, Clock.systemUTC());
    }

    private static byte[] request(Signer signer, KeyPair subjectKeys) {
        X500Name caName = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        return new RaSignedRequests(signer, caName).certificationRequest("req-1",
                new X500Name("C=IR,CN=Ali Rezaei"), subjectKeys.getPublic(), "ali@example.ir");
    }

    @Test
    void issues_what_a_trusted_ra_signed_with_the_profile_extensions() throws Exception {
        KeyPair subject = TestCsrs.rsa(2048);
        X509Certificate issued = authority(Duration.ofDays(365)).issue(request(ra, subject));

        issued.verify(ca.certificate().getPublicKey());
        assertThat(issued.getPublicKey()).isEqualTo(subject.getPublic());
        assertThat(issued.getSubjectX500Principal().getName()).isEqualTo("CN=Ali Rezaei,C=IR");
        assertThat(issued.getBasicConstraints()).isEqualTo(-1);
        assertThat(issued.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(issued.getKeyUsage()[2]).as("keyEncipherment for an RSA key").isTrue();
        assertThat(issued.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(issued.getSubjectAlternativeNames()).containsExactly(List.of(1, "ali@example.ir"));
        JcaX509CertificateHolder holder = new JcaX509CertificateHolder(issued);
        assertThat(CertificatePolicies.fromExtensions(holder.getExtensions()).getPolicyInformation()[0]
                .getPolicyIdentifier().getId()).isEqualTo(POLICY);
        assertThat(holder.getExtension(Extension.cRLDistributionPoints)).isNotNull();
        assertThat(holder.getExtension(Extension.authorityInfoAccess)).isNotNull();
        assertThat(holder.getExtension(Extension.authorityKeyIdentifier)).isNotNull();
    }

    @Test
    void leaves_out_key_encipherment_for_an_ec_key() throws Exception {
        X509Certificate issued = authority(Duration.ofDays(365)).issue(request(ra, TestCsrs.ec("secp256r1")));
        assertThat(issued.getKeyUsage()[2]).isFalse();
    }

    @Test
    void never_issues_past_its_own_certificate() throws Exception {
        X509Certificate issued = authority(Duration.ofDays(100 * 365)).issue(request(ra, TestCsrs.rsa(2048)));
        assertThat(issued.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
    }

    @Test
    void refuses_a_request_signed_by_an_ra_it_does_not_trust() {
        assertThatThrownBy(() -> authority(Duration.ofDays(1)).issue(request(foreignRa, TestCsrs.rsa(2048))))
                .isInstanceOf(CaRefusedException.class).hasMessageContaining("not signed by an RA this CA trusts");
    }

    @Test
    void refuses_a_request_altered_after_the_ra_signed_it() {
        byte[] signed = request(ra, TestCsrs.rsa(2048));
        byte[] name = "Ali Rezaei".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(signed, name);
        signed[at] = 'E';
        assertThatThrownBy(() -> authority(Duration.ofDays(1)).issue(signed))
                .isInstanceOf(CaRefusedException.class).hasMessageContaining("does not verify");
    }

    @Test
    void refuses_bytes_that_are_not_a_cmp_message() {
        assertThatThrownBy(() -> authority(Duration.ofDays(1)).issue(new byte[] {1, 2, 3}))
                .isInstanceOf(CaRefusedException.class);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
