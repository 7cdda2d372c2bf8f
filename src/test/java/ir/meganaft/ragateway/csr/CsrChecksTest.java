package ir.meganaft.ragateway.csr;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.support.TestCsrs;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CsrChecksTest {
    private static final KeyPair RSA_2048 = TestCsrs.rsa(2048);
    private static final BigInteger F4 = BigInteger.valueOf(65537);
    private static final org.bouncycastle.asn1.x500.X500Name ALI = TestCsrs.person("Ali Rezaei", null);
    private final CsrChecks checks = new CsrChecks(2048, 4096, 16384);
    private final CsrParser parser = checks.parser();
    private final ExpectedSubject ali = new ExpectedSubject(
            List.of("علی رضایی", "Ali Rezaei"), List.of("0499370899", "PNOIR-0499370899"), "ali@example.ir");

    private ParsedCsr csr(String cn, String serial, KeyPair keys) {
        return parser.parseDer(TestCsrs.csr(TestCsrs.person(cn, serial), keys));
    }

    @Test
    void accepts_a_well_formed_rsa_2048_csr_for_the_applicant() {
        ParsedCsr csr = csr("Ali Rezaei", "0499370899", RSA_2048);
        assertThatCode(() -> {
                    checks.checkKeyAndSignature(csr);
                    checks.checkSubject(csr, ali);
                })
                .doesNotThrowAnyException();
    }

    @Test
    void accepts_ec_keys_on_p256_p384_and_p521() {
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            ParsedCsr csr = csr("Ali Rezaei", null, TestCsrs.ec(curve));
            assertThatCode(() -> {
                        checks.checkKeyAndSignature(csr);
                    })
                    .as(curve)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void rejects_csr_whose_signature_does_not_verify() {
        byte[] broken = TestCsrs.withBrokenSignature(TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), RSA_2048));
        ParsedCsr csr = parser.parseDer(broken);
        assertFault(() -> checks.checkKeyAndSignature(csr), FaultCode.CSR_SIGNATURE_INVALID);
    }

    @Test
    void rejects_csr_signed_with_sha1() {
        ParsedCsr csr = parser.parseDer(TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), RSA_2048, "SHA1withRSA"));
        assertFault(() -> checks.checkKeyAndSignature(csr), FaultCode.CSR_SIGNATURE_INVALID);
    }

    @Test
    void rejects_rsa_keys_under_2048_bits() {
        ParsedCsr csr = csr("Ali Rezaei", null, TestCsrs.rsa(1024));
        assertFault(() -> checks.checkKey(csr), FaultCode.WEAK_KEY);
    }

    @Test
    void rejects_ec_keys_on_curves_the_center_does_not_accept() {
        ParsedCsr csr = csr("Ali Rezaei", null, TestCsrs.ec("brainpoolP256r1"));
        assertFault(() -> checks.checkKey(csr), FaultCode.WEAK_KEY);
    }

    @Test
    void refuses_a_minimum_below_2048_bits_in_configuration() {
        assertThatThrownBy(() -> new CsrChecks(1024, 4096, 16384)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refuses_a_maximum_below_the_minimum_or_above_16384_bits_in_configuration() {
        assertThatThrownBy(() -> new CsrChecks(4096, 2048, 16384)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CsrChecks(2048, 32768, 16384)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accepts_rsa_keys_up_to_the_maximum_size() {
        ParsedCsr csr = parser.parseDer(TestCsrs.rsaCsrWithGarbageSignature(ALI, 4096, F4));
        assertThatCode(() -> checks.checkKey(csr)).doesNotThrowAnyException();
    }

    @Test
    void rejects_rsa_keys_above_the_maximum_size() {
        ParsedCsr csr = parser.parseDer(TestCsrs.rsaCsrWithGarbageSignature(ALI, 4104, F4));
        assertFault(() -> checks.checkKey(csr), FaultCode.WEAK_KEY, "4104 bits");
    }

    @Test
    void refuses_an_oversize_rsa_key_with_a_huge_exponent_before_verifying_its_signature() {
        // RSA-16384 with a 16383-bit exponent: verifying a signature with it costs seconds of CPU.
        // Its signature is random bytes, so a signature check would answer CSR_SIGNATURE_INVALID.
        ParsedCsr csr = parser.parseDer(TestCsrs.rsaCsrWithGarbageSignature(
                ALI, 16384, BigInteger.ONE.shiftLeft(16382).setBit(0)));
        assertFault(() -> checks.checkKeyAndSignature(csr), FaultCode.WEAK_KEY, "16384 bits");
    }

    @Test
    void refuses_a_huge_exponent_on_a_key_of_accepted_size_before_verifying_its_signature() {
        ParsedCsr csr = parser.parseDer(TestCsrs.rsaCsrWithGarbageSignature(
                ALI, 2048, BigInteger.ONE.shiftLeft(2000).setBit(0)));
        assertFault(() -> checks.checkKeyAndSignature(csr), FaultCode.WEAK_KEY, "exponent of 2001 bits");
    }

    @Test
    void rejects_an_exponent_of_2_to_the_256_or_more_even_when_correctly_signed() {
        KeyPair keys = TestCsrs.rsa(2048, BigInteger.ONE.shiftLeft(256).setBit(0));
        ParsedCsr csr = csr("Ali Rezaei", null, keys);
        assertFault(() -> checks.checkKeyAndSignature(csr), FaultCode.WEAK_KEY, "under 2^256");
    }

    @Test
    void accepts_an_odd_exponent_just_under_2_to_the_256() {
        KeyPair keys = TestCsrs.rsa(2048, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE));
        ParsedCsr csr = csr("Ali Rezaei", null, keys);
        assertThatCode(() -> checks.checkKeyAndSignature(csr)).doesNotThrowAnyException();
    }

    @Test
    void rejects_small_and_even_exponents() {
        ParsedCsr three = csr("Ali Rezaei", null, TestCsrs.rsa(2048, BigInteger.valueOf(3)));
        assertFault(() -> checks.checkKeyAndSignature(three), FaultCode.WEAK_KEY, "exponent 3 ");
        ParsedCsr even = parser.parseDer(TestCsrs.rsaCsrWithGarbageSignature(ALI, 2048, BigInteger.valueOf(65538)));
        assertFault(() -> checks.checkKey(even), FaultCode.WEAK_KEY, "exponent 65538 ");
    }

    @Test
    void rejects_a_p256_key_with_explicit_curve_parameters_though_its_signature_verifies() {
        ParsedCsr csr = parser.parseDer(TestCsrs.explicitCurveCsr(ALI));
        assertFault(() -> checks.checkKeyAndSignature(csr), FaultCode.WEAK_KEY, "RFC 5480");
    }

    @Test
    void rejects_key_types_other_than_rsa_and_ecdsa() {
        KeyPair ed25519;
        try {
            ed25519 =
                    java.security.KeyPairGenerator.getInstance("Ed25519", "BC").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        ParsedCsr csr = parser.parseDer(TestCsrs.csr(ALI, ed25519, "Ed25519"));
        assertFault(() -> checks.checkKeyAndSignature(csr), FaultCode.WEAK_KEY, "key type 1.3.101.112");
    }

    @Test
    void refuses_a_csr_over_the_size_limit_before_parsing_it() {
        byte[] big = new byte[16385];
        assertFault(() -> parser.parseDer(big), FaultCode.CSR_UNPARSABLE, "at most 16384 bytes");
        String pem =
                "-----BEGIN CERTIFICATE REQUEST-----\n" + "A".repeat(40000) + "\n-----END CERTIFICATE REQUEST-----\n";
        assertFault(() -> parser.parsePem(pem), FaultCode.CSR_UNPARSABLE, "at most 16384 bytes");
        // within the text bound, but the DER inside is over the limit
        String dense = TestCsrs.pem(TestCsrs.rsaCsrWithGarbageSignature(ALI, 4096, F4));
        assertFault(
                () -> new CsrChecks(2048, 4096, 1024).parser().parsePem(dense),
                FaultCode.CSR_UNPARSABLE,
                "at most 1024 bytes");
    }

    @Test
    void rejects_a_common_name_that_is_not_the_applicant() {
        assertFault(() -> checks.checkSubject(csr("Reza Alavi", null, RSA_2048), ali), FaultCode.CSR_SUBJECT_MISMATCH);
    }

    @Test
    void rejects_a_serial_number_that_is_not_the_applicants_national_code() {
        assertFault(
                () -> checks.checkSubject(csr("Ali Rezaei", "4400276201", RSA_2048), ali),
                FaultCode.CSR_SUBJECT_MISMATCH);
    }

    @Test
    void rejects_a_subject_without_common_name() {
        ParsedCsr csr = parser.parseDer(TestCsrs.csr(new org.bouncycastle.asn1.x500.X500Name("C=IR"), RSA_2048));
        assertFault(() -> checks.checkSubject(csr, ali), FaultCode.CSR_SUBJECT_MISMATCH);
    }

    @Test
    void matches_persian_names_written_with_arabic_yeh_and_etsi_prefixed_identifiers() {
        // "رضايي" with Arabic yeh (U+064A) is the same name as "رضایی" with Persian yeh
        ParsedCsr csr = csr("علی  رضايي", "PNOIR-0499370899", RSA_2048);
        assertThatCode(() -> checks.checkSubject(csr, ali)).doesNotThrowAnyException();
    }

    @Test
    void rejects_bytes_that_are_not_a_csr() {
        assertFault(() -> parser.parseDer(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}), FaultCode.CSR_UNPARSABLE);
        assertFault(
                () -> parser.parsePem(
                        "-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----"),
                FaultCode.CSR_UNPARSABLE);
        assertFault(() -> parser.parsePem("hello"), FaultCode.CSR_UNPARSABLE);
    }

    @Test
    void reads_the_same_request_from_pem_and_der() {
        byte[] der = TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), RSA_2048);
        org.assertj.core.api.Assertions.assertThat(
                        parser.parsePem(TestCsrs.pem(der)).der())
                .isEqualTo(der);
    }

    private static void assertFault(ThrowingCallable call, FaultCode code, String saying) {
        assertThatThrownBy(call)
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining(saying)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((GatewayException) e).code())
                        .isEqualTo(code));
    }

    private static void assertFault(ThrowingCallable call, FaultCode code) {
        assertThatThrownBy(call)
                .isInstanceOf(GatewayException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((GatewayException) e).code())
                        .isEqualTo(code));
    }
}
