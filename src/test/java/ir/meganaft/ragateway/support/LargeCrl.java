package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.crl.CrlEntry;
import ir.meganaft.ragateway.crl.StreamingCrlWriter;
import ir.meganaft.ragateway.keys.DevelopmentKeys;
import ir.meganaft.ragateway.keys.KeyLocations;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Run in a JVM with a small heap by the CRL memory test: writes a CRL of N entries with the
 * gateway's streaming writer, signed by a fresh development CA key. Arguments: directory, N.
 */
public final class LargeCrl {
    private LargeCrl() {}

    public static void main(String[] args) throws Exception {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        Path dir = Path.of(args[0]);
        long n = Long.parseLong(args[1]);
        KeyLocations keys = new KeyLocations(
                dir.resolve("ca.p12"), "ca", dir.resolve("ra.p12"), "ra", dir.resolve("password"), "NO_SUCH_VARIABLE");
        new DevelopmentKeys().createIfMissing(keys, "EC-P256", "EC-P256");
        Signer ca = Pkcs12Keys.load(keys.caKeystore(), "ca", keys.password());
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.ONE));
        Instant now = Instant.now();
        BigInteger base = new BigInteger("4000000000000000000000000000000000000000", 16);
        StreamingCrlWriter.Result result = new StreamingCrlWriter()
                .write(
                        dir.resolve("large.crl"),
                        X500Name.getInstance(
                                ca.certificate().getSubjectX500Principal().getEncoded()),
                        now,
                        now.plus(Duration.ofDays(7)),
                        extensions.generate(),
                        sink -> {
                            for (long i = 0; i < n; i++) {
                                sink.accept(new CrlEntry(
                                        base.add(BigInteger.valueOf(i * 7919)),
                                        now.minusSeconds(i % 86_400),
                                        i % 3 == 0 ? "keyCompromise" : i % 3 == 1 ? "superseded" : null,
                                        i % 5 == 0 ? now.minusSeconds(90_000) : null));
                            }
                        },
                        ca.newContentSigner(),
                        algorithm -> new JcaContentVerifierProviderBuilder()
                                .setProvider("BC")
                                .build(ca.certificate())
                                .get(algorithm));
        Files.writeString(
                dir.resolve("result.txt"),
                result.entries() + " " + result.sizeBytes() + " "
                        + Runtime.getRuntime().maxMemory());
    }
}
