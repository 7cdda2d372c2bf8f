package ir.meganaft.ragateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.support.SoftHsm;
import ir.meganaft.ragateway.support.TokenKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.operator.ContentSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys on a real SoftHSM2 token: made by the key admin tool, unreadable, signing, surviving a lost token. */
class Pkcs11SignerTest {
    @TempDir
    static Path work;

    static SoftHsm.Token token;
    static TokenKeys.Ceremony ceremony;
    static ExecutorService threads = Executors.newFixedThreadPool(4);

    @BeforeAll
    static void ceremony() throws Exception {
        token = SoftHsm.newToken("unit", work);
        ceremony = TokenKeys.ceremony(token, work);
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
    }

    private static Pkcs11Signer open(String key, HsmHealth health) {
        return Pkcs11Signer.open(key, key, token.settings(), null, health);
    }

    private static boolean verifies(Pkcs11Signer signer, byte[] content, byte[] signature) throws Exception {
        Signature verify = Signature.getInstance(SignatureAlgorithms.forKey(signer.publicKey()));
        verify.initVerify(signer.publicKey());
        verify.update(content);
        return verify.verify(signature);
    }

    @Test
    void keeps_the_private_keys_sensitive_and_never_extractable_on_the_token() throws Exception {
        Pkcs11Token opened = Pkcs11Token.open(token.settings(), "test");
        PrivateKey ca = opened.privateKey("ca");
        assertThat(ca.getEncoded())
                .as("a token key has no encoding to give out")
                .isNull();
        assertThatThrownBy(() ->
                        KeyFactory.getInstance("RSA", opened.provider()).getKeySpec(ca, RSAPrivateCrtKeySpec.class))
                .as("the token refuses to hand out the key's value")
                .isInstanceOf(InvalidKeySpecException.class);

        String objects = token.pkcs11Tool("--list-objects", "--type", "privkey");
        assertThat(objects.split("Private Key Object")).as(objects).hasSize(3);
        assertThat(objects.split("Access: +sensitive, always sensitive, never extractable, local"))
                .as(objects)
                .hasSize(3);
    }

    @Test
    void signs_what_verifies_with_the_imported_certificate_from_several_threads_at_once() throws Exception {
        Pkcs11Signer ra = open("ra", new HsmHealth(Clock.systemUTC()));
        assertThat(ra.chain()).isEqualTo(ceremony.raChain()).hasSize(3);
        assertThat(ra.certificate().getExtendedKeyUsage())
                .as("certify-ra marks it an RA")
                .containsExactly("1.3.6.1.5.5.7.3.28");
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            byte[] content = ("request " + i).getBytes(StandardCharsets.UTF_8);
            results.add(threads.submit(() -> {
                ContentSigner signer = ra.newContentSigner();
                signer.getOutputStream().write(content);
                return verifies(ra, content, signer.getSignature());
            }));
        }
        for (Future<Boolean> result : results) {
            assertThat(result.get()).isTrue();
        }
    }

    @Test
    void signs_content_streamed_in_pieces_the_same_as_the_standard_algorithm_with_rsa_and_ec_keys() throws Exception {
        HsmHealth health = new HsmHealth(Clock.systemUTC());
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(content);
        for (Pkcs11Signer signer : List.of(open("ca", health), open("ra", health))) {
            org.bouncycastle.operator.ContentSigner contentSigner = signer.newContentSigner();
            try (java.io.OutputStream out = contentSigner.getOutputStream()) {
                for (int at = 0; at < content.length; at += 65_536) {
                    out.write(content, at, Math.min(65_536, content.length - at));
                }
            }
            byte[] signature = contentSigner.getSignature();
            assertThat(verifies(signer, content, signature))
                    .as(signer.publicKey().getAlgorithm() + ": verifies as "
                            + SignatureAlgorithms.forKey(signer.publicKey()))
                    .isTrue();
            content[content.length / 2] ^= 1;
            assertThat(verifies(signer, content, signature))
                    .as("a changed byte no longer verifies")
                    .isFalse();
            content[content.length / 2] ^= 1;
        }
    }

    @Test
    void refuses_a_wrong_pin_with_an_error_naming_the_token() throws Exception {
        Path wrongPin = SoftHsm.writeSecret(work.resolve("wrong.pin"), "not-the-pin");
        // as at start-up: a library not yet logged in (a login is shared by all sessions of a process)
        Pkcs11Library library = Pkcs11Library.of(SoftHsm.LIBRARY);
        library.restart(library.generation());
        assertThatThrownBy(() -> Pkcs11Signer.open(
                        "ca", "ca", token.settingsWithPin(wrongPin), null, new HsmHealth(Clock.systemUTC())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("token '" + token.label() + "'")
                .hasMessageContaining("refused the PIN");
    }

    @Test
    void refuses_a_pin_file_that_others_can_read() throws Exception {
        Path open = SoftHsm.writeSecret(work.resolve("open.pin"), token.pin());
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> token.settingsWithPin(open).pin())
                .hasMessageContaining("readable by others")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void refuses_to_sign_with_a_key_that_still_has_only_its_placeholder_certificate() {
        TokenKeys.admin(token, "generate", "--key", "pending", "--algorithm", "EC-P256");
        assertThatThrownBy(() -> Pkcs11Signer.open(
                        "pending", "pending", token.settings(), null, new HsmHealth(Clock.systemUTC())))
                .hasMessageContaining("has no certificate yet");
    }

    @Test
    void reports_the_token_down_while_it_is_away_and_signs_with_the_same_key_when_it_is_back() throws Exception {
        HsmHealth health = new HsmHealth(Clock.systemUTC());
        Pkcs11Signer ca = open("ca", health);
        byte[] content = "a certificate to be".getBytes(StandardCharsets.UTF_8);
        assertThat(verifies(ca, content, ca.sign(content))).isTrue();

        Path away = token.takeAway();
        try {
            assertThatThrownBy(() -> ca.sign(content))
                    .isInstanceOf(HsmUnavailableException.class)
                    .hasMessageContaining(token.label());
            assertThat(health.isUp()).isFalse();
            assertThat(health.summary()).startsWith("HSM DOWN").contains("ca cannot sign");
            assertThat(ca.probe()).isFalse();
        } finally {
            token.bringBack(away);
        }

        assertThat(ca.probe()).isTrue();
        assertThat(health.isUp()).isTrue();
        assertThat(verifies(ca, content, ca.sign(content)))
                .as("the same key, checked with the certificate from before")
                .isTrue();
    }

    @Test
    void signs_again_after_the_library_is_finalized_under_the_provider() throws Exception {
        HsmHealth health = new HsmHealth(Clock.systemUTC());
        Pkcs11Signer ra = open("ra", health);
        Pkcs11Library library = Pkcs11Library.of(SoftHsm.LIBRARY);
        int before = library.generation();
        finalizeLibrary(library.path());

        byte[] content = "after C_Finalize".getBytes(StandardCharsets.UTF_8);
        assertThat(verifies(ra, content, ra.sign(content))).isTrue();
        assertThat(library.generation()).as("the library was started again").isGreaterThan(before);
        assertThat(health.isUp()).isTrue();
    }

    /** What a broken HSM link does to SunPKCS11: the module under the provider is finalized. */
    private static void finalizeLibrary(String path) throws Exception {
        Class<?> pkcs11 = Class.forName("sun.security.pkcs11.wrapper.PKCS11");
        Class<?> args = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
        Object module = pkcs11.getMethod("getInstance", String.class, String.class, args, boolean.class)
                .invoke(null, path, "C_GetFunctionList", null, true);
        pkcs11.getMethod("C_Finalize", Object.class).invoke(module, (Object) null);
    }
}
