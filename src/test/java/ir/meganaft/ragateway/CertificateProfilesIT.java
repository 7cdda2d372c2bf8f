package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.Faults.assertFault;
import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named certificate profiles (issue 17, item 4) through the whole gateway: the request's
 * certificateProfile picks the profile of config/application.properties, each issued certificate is
 * read back with {@code openssl x509}, and a profile the applicant kind may not have is refused.
 */
class CertificateProfilesIT {
    @TempDir
    static Path work;

    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static Walk walk;

    @BeforeAll
    static void start() {
        // one profile more than config/application.properties: a seal whose subject rules no organization meets
        gateway = RunningGateway.start(
                work.resolve("data"),
                Map.of(
                        "gateway.profiles.numbered-seal.key-usage", "digitalSignature",
                        "gateway.profiles.numbered-seal.subject-required", "C,O,CN,SERIALNUMBER",
                        "gateway.profiles.numbered-seal.applicant-kinds", "ORGANIZATION"));
        registration = gateway.registration();
        walk = new Walk(gateway);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String issuedText(SubmitCertificateRequest request, String profile) throws Exception {
        request.setCertificateProfile(profile);
        String id = registration.submitCertificateRequest(request).getRequestId();
        walk.vetApproveAndIssue(id);
        byte[] der = registration
                .getCertificate(Requests.certificate(id))
                .getCertificate()
                .getDer();
        Path pem = Files.writeString(
                work.resolve(id + ".pem"),
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                        + "\n-----END CERTIFICATE-----\n");
        Path out = work.resolve(id + ".txt");
        Process openssl = new ProcessBuilder(List.of("openssl", "x509", "-in", pem.toString(), "-noout", "-text"))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).isZero();
        return Files.readString(out);
    }

    @Test
    void a_personal_signature_certificate_signs_and_protects_mail_only() throws Exception {
        String text = issuedText(
                Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), "personal-signature");
        assertThat(text)
                .contains("Digital Signature, Non Repudiation")
                .contains("E-mail Protection")
                .doesNotContain("TLS Web Client Authentication")
                .doesNotContain("Key Agreement");
    }

    @Test
    void an_encryption_certificate_for_an_ec_key_has_key_agreement_and_no_signature_usage() throws Exception {
        String text =
                issuedText(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), "encryption");
        assertThat(text)
                .contains("X509v3 Key Usage: critical\n                Key Agreement")
                .contains("E-mail Protection")
                .doesNotContain("Digital Signature");
    }

    @Test
    void an_organization_seal_is_issued_to_an_organization_for_document_signing() throws Exception {
        String text = issuedText(
                Requests.organization(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), "organization-seal");
        assertThat(text)
                .contains("Digital Signature, Non Repudiation")
                .containsAnyOf("1.3.6.1.5.5.7.3.36", "Document Signing");
    }

    @Test
    void a_tls_client_certificate_is_for_client_authentication_for_a_year() throws Exception {
        String text = issuedText(
                Requests.organization(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), "tls-client");
        assertThat(text).contains("TLS Web Client Authentication").doesNotContain("E-mail Protection");
        java.util.regex.Matcher years = java.util.regex.Pattern.compile(
                        "Not (Before|After) *: \\w+ +\\d+ [\\d:]+ (\\d{4})")
                .matcher(text);
        assertThat(years.find()).isTrue();
        int from = Integer.parseInt(years.group(2));
        assertThat(years.find()).isTrue();
        assertThat(Integer.parseInt(years.group(2)) - from).isEqualTo(1);
    }

    @Test
    void the_default_profile_serves_a_request_that_names_none() throws Exception {
        String text = issuedText(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), null);
        assertThat(text).contains("TLS Web Client Authentication, E-mail Protection");
    }

    @Test
    void a_profile_the_applicant_kind_may_not_have_is_refused_at_intake() {
        SubmitCertificateRequest seal = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        seal.setCertificateProfile("organization-seal");
        var fault = assertFault(() -> registration.submitCertificateRequest(seal), "UNKNOWN_PROFILE");
        assertThat(fault.getField()).isEqualTo("certificateProfile");
        assertThat(fault.getMessage()).contains("not issued to INDIVIDUAL");
    }

    @Test
    void a_subject_that_breaks_its_profiles_subject_rules_is_refused_at_intake_with_the_rule() {
        SubmitCertificateRequest seal = Requests.organization(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
        seal.setCertificateProfile("numbered-seal");
        var fault = assertFault(() -> registration.submitCertificateRequest(seal), "UNKNOWN_PROFILE");
        assertThat(fault.getField()).isEqualTo("certificateProfile");
        assertThat(fault.getMessage()).contains("The subject lacks SERIALNUMBER");
    }
}
