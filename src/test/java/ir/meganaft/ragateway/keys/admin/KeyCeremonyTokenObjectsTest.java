package ir.meganaft.ragateway.keys.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.keys.Pkcs11Signer;
import ir.meganaft.ragateway.keys.Pkcs11Token;
import ir.meganaft.ragateway.keys.SignatureAlgorithms;
import ir.meganaft.ragateway.support.SoftHsm;
import ir.meganaft.ragateway.support.TokenKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The objects the key ceremony leaves on a real SoftHSM2 token, as OpenSC's {@code pkcs11-tool} (not
 * Java) reads them: each key's private key, public key and certificate found by the key's label with
 * one CKA_ID, and keys that sign and do nothing else.
 */
class KeyCeremonyTokenObjectsTest {
    @TempDir
    static Path work;

    static SoftHsm.Token token;
    static TokenKeys.Ceremony ceremony;
    static List<TokenObject> objects;

    /** One object as {@code pkcs11-tool --list-objects} prints it: its kind, then "name: value" lines. */
    record TokenObject(String kind, Map<String, String> attributes) {
        String label() {
            return attributes.getOrDefault("label", "");
        }

        String get(String name) {
            return attributes.get(name);
        }
    }

    @BeforeAll
    static void ceremony() throws Exception {
        token = SoftHsm.newToken("objects", work);
        ceremony = TokenKeys.ceremony(token, work);
        objects = parse(token.pkcs11Tool("--list-objects"));
    }

    @Test
    void each_keys_private_key_public_key_and_certificate_carry_its_label_and_one_id() throws Exception {
        for (String key : List.of("ca", "ra")) {
            String id = HexFormat.of().formatHex(key.getBytes(StandardCharsets.US_ASCII));
            TokenObject privateKey = only("Private Key Object", key);
            TokenObject publicKey = only("Public Key Object", key);
            TokenObject certificate = only("Certificate Object", key);
            assertThat(List.of(privateKey.get("ID"), publicKey.get("ID"), certificate.get("ID")))
                    .as("CKA_ID of the private key, public key and certificate labelled %s", key)
                    .containsOnly(id);

            Path read = work.resolve(key + "-pubkey.der");
            token.pkcs11Tool("--read-object", "--type", "pubkey", "--label", key, "-o", read.toString());
            X509Certificate leaf = (key.equals("ca") ? ceremony.caChain() : ceremony.raChain()).get(0);
            assertThat(Files.readAllBytes(read))
                    .as("the public key read by the label %s is the one its certificate names", key)
                    .isEqualTo(leaf.getPublicKey().getEncoded());
        }
    }

    @Test
    void the_private_keys_only_sign_with_the_raw_mechanisms_and_the_public_keys_only_verify() throws Exception {
        for (String key : List.of("ca", "ra")) {
            TokenObject privateKey = only("Private Key Object", key);
            assertThat(privateKey.get("Usage"))
                    .as("usage of the private key %s (no decrypt, unwrap, derive)", key)
                    .isEqualTo("sign");
            assertThat(privateKey.get("Access")).isEqualTo("sensitive, always sensitive, never extractable, local");
            assertThat(only("Public Key Object", key).get("Usage"))
                    .as("usage of the public key %s (no encrypt, wrap)", key)
                    .isEqualTo("verify");

            // what the gateway does: a digest signed with CKM_RSA_PKCS or CKM_ECDSA on the token
            Pkcs11Signer signer = Pkcs11Signer.open(key, key, token.settings(), null, new HsmHealth(Clock.systemUTC()));
            byte[] content = ("signed by " + key).getBytes(StandardCharsets.UTF_8);
            Signature verify = Signature.getInstance(SignatureAlgorithms.forKey(signer.publicKey()));
            verify.initVerify(signer.publicKey());
            verify.update(content);
            assertThat(verify.verify(signer.sign(content))).as("%s signs", key).isTrue();
        }

        // and the token itself refuses anything else: the CA's RSA key cannot decrypt
        Pkcs11Token opened = Pkcs11Token.open(token.settings(), "test");
        Cipher encrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        encrypt.init(Cipher.ENCRYPT_MODE, ceremony.caChain().get(0).getPublicKey());
        byte[] secret = encrypt.doFinal("a secret".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> {
                    Cipher decrypt = Cipher.getInstance("RSA/ECB/PKCS1Padding", opened.provider());
                    decrypt.init(Cipher.DECRYPT_MODE, opened.privateKey("ca"));
                    decrypt.doFinal(secret);
                })
                .as("decrypting with the CA key")
                .hasStackTraceContaining("CKR_KEY_FUNCTION_NOT_PERMITTED");
    }

    private static TokenObject only(String kind, String label) {
        List<TokenObject> found = objects.stream()
                .filter(o -> o.kind().equals(kind) && o.label().equals(label))
                .toList();
        assertThat(found).as("%s labelled %s among %s", kind, label, objects).hasSize(1);
        return found.get(0);
    }

    private static List<TokenObject> parse(String listing) {
        List<TokenObject> parsed = new ArrayList<>();
        Map<String, String> attributes = null;
        for (String line : listing.split("\n")) {
            if (line.endsWith("Object") || line.contains(" Object;")) {
                attributes = new LinkedHashMap<>();
                parsed.add(new TokenObject(line.split(";")[0].strip(), attributes));
            } else if (attributes != null && line.startsWith(" ") && line.contains(":")) {
                int colon = line.indexOf(':');
                attributes.put(
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip());
            }
        }
        return parsed;
    }
}
