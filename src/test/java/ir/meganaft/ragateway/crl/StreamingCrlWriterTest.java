package ir.meganaft.ragateway.crl;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.support.LargeCrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingCrlWriterTest {
    static final int ENTRIES = 100_000;

    static {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
    }

    @TempDir
    Path dir;

    @Test
    void writes_a_valid_crl_of_100_000_entries_in_a_jvm_with_a_32_mb_heap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx32m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LargeCrl.class.getName(),
                        dir.toString(),
                        Integer.toString(ENTRIES))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(Files.readString(dir.resolve("output.txt")))
                .isZero();
        String[] result = Files.readString(dir.resolve("result.txt")).split(" ");
        assertThat(Long.parseLong(result[0])).isEqualTo(ENTRIES);
        assertThat(Long.parseLong(result[2]))
                .as("the heap the CRL was written in")
                .isLessThanOrEqualTo(32L * 1024 * 1024);

        X509CRLHolder crl = new X509CRLHolder(Files.readAllBytes(dir.resolve("large.crl")));
        assertThat(Files.size(dir.resolve("large.crl"))).isEqualTo(Long.parseLong(result[1]));
        X509CertificateHolder ca = caCertificate();
        assertThat(crl.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .setProvider("BC")
                        .build(ca)))
                .isTrue();
        assertThat(crl.getIssuer()).isEqualTo(ca.getSubject());
        List<X509CRLEntryHolder> entries = List.copyOf(crl.getRevokedCertificates());
        assertThat(entries).hasSize(ENTRIES);
        X509CRLEntryHolder first = entries.get(0);
        assertThat(CRLReason.getInstance(first.getExtensions().getExtensionParsedValue(Extension.reasonCode))
                        .getValue()
                        .intValue())
                .isEqualTo(CRLReason.keyCompromise);
        assertThat(first.getExtensions().getExtension(Extension.invalidityDate)).isNotNull();
        assertThat(entries.get(2).getExtensions())
                .as("unspecified: no reasonCode")
                .isNull();
    }

    @Test
    void an_empty_crl_has_no_revoked_certificates_field_and_still_verifies() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LargeCrl.class.getName(),
                        dir.toString(),
                        "0")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        X509CRLHolder crl = new X509CRLHolder(Files.readAllBytes(dir.resolve("large.crl")));
        assertThat(crl.getRevokedCertificates()).isEmpty();
        assertThat(crl.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .setProvider("BC")
                        .build(caCertificate())))
                .isTrue();
    }

    private X509CertificateHolder caCertificate() throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("ca.p12"))) {
            store.load(in, Files.readString(dir.resolve("password")).strip().toCharArray());
        }
        return new X509CertificateHolder(store.getCertificate("ca").getEncoded());
    }
}
