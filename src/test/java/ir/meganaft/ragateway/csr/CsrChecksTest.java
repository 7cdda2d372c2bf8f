package ir.meganaft.ragateway.csr;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.support.TestCsrs;
import java.security.KeyPair;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CsrChecksTest {
    private static final KeyPair RSA_2048 = TestCsrs.rsa(2048);
    private final CsrParser parser = new CsrParser();
    private final CsrChecks checks = new CsrChecks(2048);
    private final ExpectedSubject ali = new ExpectedSubject(List.of("علی رضایی", "Ali Rezaei"),
            List.of("0499370899", "PNOIR-0499370899"), "ali@example.ir");

    private ParsedCsr csr(String cn, String serial, KeyPair keys) {
        return parser.parseDer(TestCsrs.csr(TestCsrs.person(cn, serial), keys));
    }

    @Test
    void accepts_a_well_formed_rsa_2048_csr_for_the_applicant() {
        ParsedCsr csr = csr("Ali Rezaei", "0499370899", RSA_2048);
        assertThatCode(() -> {
            checks.verifySignature(csr);
            checks.checkKey(csr);
            checks.checkSubject(csr, ali);
        }).doesNotThrowAnyException();
    }

    @Test
    void accepts_ec_keys_on_p256_p384_and_p521() {
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            ParsedCsr csr = csr("Ali Rezaei", null, TestCsrs.ec(curve));
            assertThatCode(() -> {
                checks.verifySignature(csr);
                checks.checkKey(csr);
            }).as(curve).doesNotThrowAnyException();
        }
    }

    @Test
    void rejects_csr_whose_signature_does_not_verify() {
        byte[] broken = TestCsrs.withBrokenSignature(TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), RSA_2048));
        ParsedCsr csr = parser.parseDer(broken);
        assertFault(() -> checks.verifySignature(csr), FaultCode.CSR_SIGNATURE_INVALID);
    }

    @Test
    void rejects_csr_signed_with_sha1() {
        ParsedCsr csr = parser.parseDer(TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), RSA_2048, "SHA1withRSA"));
        assertFault(() -> checks.verifySignature(csr), FaultCode.CSR_SIGNATURE_INVALID);
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
        assertThatThrownBy(() -> new CsrChecks(1024)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_a_common_name_that_is_not_the_applicant() {
        assertFault(() -> checks.checkSubject(csr("Reza Alavi", null, RSA_2048), ali), FaultCode.CSR_SUBJECT_MISMATCH);
    }

    @Test
    void rejects_a_serial_number_that_is_not_the_applicants_national_code() {
        assertFault(() -> checks.checkSubject(csr("Ali Rezaei", "4400276201", RSA_2048), ali),
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
        assertFault(() -> parser.parsePem("-----BEGIN CERTIFICATE REQUEST-----\nnot base64\n-----END CERTIFICATE REQUEST-----"),
                FaultCode.CSR_UNPARSABLE);
        assertFault(() -> parser.parsePem("hello"), FaultCode.CSR_UNPARSABLE);
    }

    @Test
    void reads_the_same_request_from_pem_and_der() {
        byte[] der = TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), RSA_2048);
        org.assertj.core.api.Assertions.assertThat(parser.parsePem(TestCsrs.pem(der)).der()).isEqualTo(der);
    }

    private static void assertFault(ThrowingCallable call, FaultCode code) {
        assertThatThrownBy(call).isInstanceOf(GatewayException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((GatewayException) e).code()).isEqualTo(code));
    }
}
