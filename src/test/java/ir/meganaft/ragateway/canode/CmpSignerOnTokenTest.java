package ir.meganaft.ragateway.canode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.ca.CaNotHeardException;
import ir.meganaft.ragateway.ca.CmpHttp;
import ir.meganaft.ragateway.ca.RaSignedRequests;
import ir.meganaft.ragateway.ca.RemoteCertificateAuthority;
import ir.meganaft.ragateway.keys.Pkcs11Token;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.support.SoftHsm;
import ir.meganaft.ragateway.support.TestCaNode;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestDatabase;
import ir.meganaft.ragateway.support.TokenKeys;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CA node whose CA key is on a real SoftHSM2 token ({@code ca-node.keys.source = pkcs11}) keeps its
 * CMP-signer key on that token too: made there at the first start (sensitive, never extractable),
 * certified by the CA key, used again after a restart; no PKCS#12 file or password. Our RA client
 * gets certificates from it over CMP and believes its answers with {@code <data-dir>/cmp-signer.pem}.
 */
class CmpSignerOnTokenTest {
    private static final String CMC_CA = "1.3.6.1.5.5.7.3.27";

    @TempDir
    static Path work;

    private static SoftHsm.Token token;
    private static Signer ra;
    private static Database raDatabase;
    private static CertificateStore raRecords;

    @BeforeAll
    static void ceremony() throws Exception {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        token = SoftHsm.newToken("ca-node", work);
        TokenKeys.ceremony(token, Files.createDirectories(work.resolve("ceremony")));
        ra = TestCaNode.keys(work.resolve("ra"))[1];
        raDatabase = TestDatabase.H2.open("ra-records-token", 2);
        raRecords = new CertificateStore(raDatabase);
    }

    @AfterAll
    static void stop() {
        if (raDatabase != null) {
            raDatabase.close();
        }
    }

    @Test
    void keeps_its_cmp_signer_key_on_the_token_of_its_ca_key_and_uses_the_same_key_after_a_restart() throws Exception {
        Path dir = work.resolve("node");
        X509Certificate cmpSigner;
        try (TestCaNode node = TestCaNode.startOnToken(dir, List.of(ra.certificate()), token, Map.of())) {
            X509Certificate issued = issue(node);
            issued.verify(node.certificate().getPublicKey());

            cmpSigner = node.cmpSignerCertificate();
            cmpSigner.verify(node.certificate().getPublicKey());
            assertThat(cmpSigner.getExtendedKeyUsage()).containsExactly(CMC_CA);
            assertThat(Files.exists(dir.resolve("data/keys/cmp-signer.p12")))
                    .as("no PKCS#12 file for the CMP signer")
                    .isFalse();
        }
        List<String> onToken = keyEntries("cmp");
        assertThat(onToken).hasSize(1);
        assertThat(onToken.get(0)).matches("cmp-\\d{14}");
        Pkcs11Token opened = Pkcs11Token.open(token.settings(), "test");
        assertThat(opened.chain(onToken.get(0)).get(0)).isEqualTo(cmpSigner);
        assertThat(opened.privateKey(onToken.get(0)).getEncoded())
                .as("a token key has no encoding to give out")
                .isNull();
        assertThat(privateKeyObject(onToken.get(0)))
                .contains("EC")
                .containsPattern("Access: +sensitive, always sensitive, never extractable, local")
                .containsPattern("Usage: +sign\\s");

        try (TestCaNode again = TestCaNode.startOnToken(dir, List.of(ra.certificate()), token, Map.of())) {
            assertThat(again.cmpSignerCertificate())
                    .as("the same key and certificate after a restart")
                    .isEqualTo(cmpSigner);
            issue(again).verify(again.certificate().getPublicKey());
        }
        assertThat(keyEntries("cmp")).isEqualTo(onToken);
    }

    @Test
    void while_its_token_is_away_cmp_requests_are_answered_503_so_the_ra_keeps_them_and_signed_again_when_back()
            throws Exception {
        try (TestCaNode node =
                TestCaNode.startOnToken(work.resolve("outage"), List.of(ra.certificate()), token, Map.of())) {
            issue(node);

            Path away = token.takeAway();
            try {
                assertThatThrownBy(() -> issue(node))
                        .as("not a hang, not a refusal: the CA is not available, the request waits")
                        .isInstanceOf(CaNotHeardException.class)
                        .hasMessageContaining("HTTP 503");
                // an answer that needs no CA signature, only the CMP signer's: a signed badDataFormat error
                assertThat(post(node, "not a CMP message".getBytes()).statusCode())
                        .as("the CMP-signer key cannot sign either")
                        .isEqualTo(503);
            } finally {
                token.bringBack(away);
            }

            issue(node).verify(node.certificate().getPublicKey());
            assertThat(post(node, "not a CMP message".getBytes()).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<byte[]> post(TestCaNode node, byte[] body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(node.cmpUrl())
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", CmpHttp.CONTENT_TYPE)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void a_key_under_its_name_that_its_ca_did_not_certify_is_left_alone_and_a_new_one_made_on_the_token()
            throws Exception {
        // a key generated by the key ceremony tool and never certified: only its self-signed placeholder
        TokenKeys.admin(token, "generate", "--key", "answers", "--algorithm", "EC-P256");
        X509Certificate placeholder = (X509Certificate)
                Pkcs11Token.open(token.settings(), "test").keyStore().getCertificate("answers");

        try (TestCaNode node = TestCaNode.startOnToken(
                work.resolve("named"), List.of(ra.certificate()), token, Map.of("keys.cmp-signer.alias", "answers"))) {
            issue(node);
            List<String> keys = keyEntries("answers");
            assertThat(keys).hasSize(2).contains("answers");
            String made =
                    keys.stream().filter(k -> !k.equals("answers")).findFirst().orElseThrow();
            assertThat(Pkcs11Token.open(token.settings(), "test").chain(made).get(0))
                    .isEqualTo(node.cmpSignerCertificate());
        }
        assertThat(Pkcs11Token.open(token.settings(), "test").keyStore().getCertificate("answers"))
                .as("the placeholder key is untouched")
                .isEqualTo(placeholder);
    }

    @Test
    void a_cmp_signer_name_that_is_the_ca_keys_own_is_refused_at_start() {
        assertThatThrownBy(() -> TestCaNode.startOnToken(
                        work.resolve("clash"), List.of(ra.certificate()), token, Map.of("keys.cmp-signer.alias", "ca")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ca-node.keys.cmp-signer.alias = ca names the CA key");
    }

    private static X509Certificate issue(TestCaNode node) throws Exception {
        RaSignedRequests requests = new RaSignedRequests(
                ra,
                X500Name.getInstance(
                        node.certificate().getSubjectX500Principal().getEncoded()),
                Clock.systemUTC());
        RemoteCertificateAuthority client = new RemoteCertificateAuthority(
                new CmpHttp(node.cmpUrl(), Duration.ofSeconds(2), Duration.ofSeconds(10)),
                requests,
                List.of(node.certificate()),
                node.cmpSignerCertificate(),
                Duration.ofSeconds(5),
                raRecords,
                Clock.systemUTC());
        KeyPair key = TestCsrs.ec("secp256r1");
        X509Certificate issued = client.issue(requests.certificationRequest(
                UUID.randomUUID().toString(),
                TestCsrs.person("Ali Rezaei", "IR-0012345678"),
                key.getPublic(),
                "ali@example.ir"));
        assertThat(issued.getPublicKey()).isEqualTo(key.getPublic());
        return issued;
    }

    /** The token's key entries named {@code stem} or {@code stem-...}, sorted. */
    private static List<String> keyEntries(String stem) throws Exception {
        KeyStore store = Pkcs11Token.open(token.settings(), "test").keyStore();
        return Collections.list(store.aliases()).stream()
                .filter(a -> a.equals(stem) || a.startsWith(stem + "-"))
                .filter(a -> {
                    try {
                        return store.isKeyEntry(a);
                    } catch (java.security.KeyStoreException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .sorted()
                .toList();
    }

    /** What pkcs11-tool says of the private key object labelled {@code label}. */
    private static String privateKeyObject(String label) {
        String objects = token.pkcs11Tool("--list-objects", "--type", "privkey");
        for (String object : objects.split("Private Key Object")) {
            if (object.contains("label:      " + label + "\n")) {
                return object;
            }
        }
        throw new AssertionError("No private key labelled " + label + " on the token: " + objects);
    }
}
