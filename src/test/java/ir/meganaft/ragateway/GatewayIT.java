package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.Faults.assertFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.GetEvidenceFileRequest;
import ir.meganaft.ragateway.contract.officer.ListPendingRequestsRequest;
import ir.meganaft.ragateway.contract.officer.ListPendingRequestsResponse;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest;
import ir.meganaft.ragateway.contract.registration.GetCertificateRequest;
import ir.meganaft.ragateway.contract.registration.GetCertificateResponse;
import ir.meganaft.ragateway.contract.registration.GetRequestStatusResponse;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateResponse;
import ir.meganaft.ragateway.contract.types.CertificateEncoding;
import ir.meganaft.ragateway.contract.types.EncodedCertificate;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.contract.types.RequestSummary;
import ir.meganaft.ragateway.support.Faults;
import ir.meganaft.ragateway.support.GatewayPerClass;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestPrincipals;
import ir.meganaft.ragateway.support.Walk;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.SOAPBinding;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole gateway on a free port, called through clients generated from the WSDL. */
class GatewayIT {
    @RegisterExtension
    static final GatewayPerClass started = GatewayPerClass.withDefaults();

    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static OfficerServicePortType officer;
    static Walk walk;

    @BeforeAll
    static void start() {
        java.security.Security.addProvider(new BouncyCastleProvider());
        gateway = started.gateway();
        registration = gateway.registration();
        officer = gateway.officer();
        walk = new Walk(gateway);
    }

    static SubmitCertificateResponse submit(SubmitCertificateRequest request) throws Exception {
        return registration.submitCertificateRequest(request);
    }

    static GetRequestStatusResponse awaitState(String requestId, RequestState state) {
        return await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> registration.getRequestStatus(Requests.status(requestId)),
                        s -> s.getRequest().getState() == state);
    }

    static String issued(KeyPair keys) throws Exception {
        String id =
                submit(Requests.individual(Requests.newClientRequestId(), keys)).getRequestId();
        walk.vetApproveAndIssue(id);
        return id;
    }

    @Test
    void submits_approves_and_fetches_a_certificate_whose_chain_verifies_with_bouncy_castle_and_openssl()
            throws Exception {
        KeyPair keys = TestCsrs.rsa(2048);
        SubmitCertificateResponse submitted = submit(Requests.individual(Requests.newClientRequestId(), keys));
        assertThat(submitted.getState()).isEqualTo(RequestState.RECEIVED);
        assertThat(submitted.isDuplicate()).isFalse();

        String id = submitted.getRequestId();
        walk.vet(id);
        assertThat(officer.approveRequest(Requests.approve(id)).getState()).isEqualTo(RequestState.APPROVED);
        GetRequestStatusResponse status = awaitState(id, RequestState.ISSUED);
        assertThat(status.getHistory().getChange())
                .extracting(c -> c.getState())
                .containsExactly(
                        RequestState.RECEIVED,
                        RequestState.PENDING_VETTING,
                        RequestState.PENDING_APPROVAL,
                        RequestState.APPROVED,
                        RequestState.ISSUED);
        assertThat(status.getHistory().getChange().get(3).getActor()).isEqualTo("officer:" + RunningGateway.REGISTRAR);

        GetCertificateResponse response = registration.getCertificate(Requests.certificate(id));
        X509Certificate leaf = parse(response.getCertificate().getDer());
        List<X509Certificate> chain = new ArrayList<>();
        for (EncodedCertificate c : response.getChain().getCertificate()) {
            chain.add(parse(c.getDer()));
        }
        assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(response.getCertificate().getSerialNumber()).isEqualTo(status.getCertificateSerialNumber());
        assertThat(leaf.getSubjectX500Principal().getName())
                .contains("CN=علی رضایی")
                .contains("C=IR");
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(1, "ali.rezaei@nioc.example"));
        assertThat(chain).hasSize(2);

        // Bouncy Castle's PKIX validator, anchored at the root
        X509Certificate root = chain.get(chain.size() - 1);
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, chain.get(0)));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX", "BC").validate(path, parameters);

        // openssl verify, from PEM as a caller would save it
        GetCertificateRequest asPem = Requests.certificate(id);
        asPem.setEncoding(CertificateEncoding.PEM);
        GetCertificateResponse pem = registration.getCertificate(asPem);
        Path dir = Files.createTempDirectory(started.data(), "verify");
        Files.writeString(dir.resolve("leaf.pem"), pem.getCertificate().getPem());
        Files.writeString(
                dir.resolve("issuing.pem"),
                pem.getChain().getCertificate().get(0).getPem());
        Files.writeString(
                dir.resolve("root.pem"), pem.getChain().getCertificate().get(1).getPem());
        Process openssl = new ProcessBuilder(
                        "openssl", "verify", "-CAfile", "root.pem", "-untrusted", "issuing.pem", "leaf.pem")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.exitValue()).as(output).isZero();
        assertThat(output).contains("leaf.pem: OK");
    }

    @Test
    void serves_the_same_operations_over_soap_12() throws Exception {
        RegistrationServicePortType soap12 = gateway.registrationSoap12();
        String id = soap12.submitCertificateRequest(
                        Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
        walk.vet(id);
        gateway.officerSoap12().approveRequest(Requests.approve(id));
        awaitState(id, RequestState.ISSUED);
        assertThat(soap12.getCertificate(Requests.certificate(id))
                        .getCertificate()
                        .getDer())
                .isNotEmpty();
        assertFault(
                () -> soap12.getRequestStatus(Requests.status("00000000-0000-0000-0000-000000000000")),
                "UNKNOWN_REQUEST");
    }

    @Test
    void a_retry_with_the_same_client_request_id_returns_the_original_request() throws Exception {
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048));
        SubmitCertificateResponse first = submit(request);
        SubmitCertificateResponse again = submit(request);
        assertThat(again.getRequestId()).isEqualTo(first.getRequestId());
        assertThat(again.isDuplicate()).isTrue();
        awaitState(first.getRequestId(), RequestState.PENDING_VETTING);
        assertThat(registration
                        .getRequestStatus(Requests.status(first.getRequestId()))
                        .getHistory()
                        .getChange())
                .as("vetted once")
                .hasSize(2);
    }

    @Test
    void reusing_a_client_request_id_for_different_content_is_an_idempotency_conflict() throws Exception {
        String clientId = Requests.newClientRequestId();
        String original =
                submit(Requests.individual(clientId, TestCsrs.rsa(2048))).getRequestId();
        var detail =
                assertFault(() -> submit(Requests.individual(clientId, TestCsrs.rsa(2048))), "IDEMPOTENCY_CONFLICT");
        assertThat(detail.getRequestId()).isEqualTo(original);
    }

    @Test
    void refuses_an_unparsable_csr_and_stores_nothing() {
        String clientId = Requests.newClientRequestId();
        assertFault(
                () -> submit(Requests.individual(clientId, "not a CSR".getBytes(StandardCharsets.US_ASCII))),
                "CSR_UNPARSABLE");
        assertNothingStored(clientId);
    }

    @Test
    void refuses_a_csr_whose_signature_does_not_verify_and_stores_nothing() {
        String clientId = Requests.newClientRequestId();
        byte[] broken =
                TestCsrs.withBrokenSignature(TestCsrs.csr(TestCsrs.person("علی رضایی", null), TestCsrs.rsa(2048)));
        assertFault(() -> submit(Requests.individual(clientId, broken)), "CSR_SIGNATURE_INVALID");
        assertNothingStored(clientId);
    }

    @Test
    void refuses_a_p256_key_with_explicit_curve_parameters_and_stores_nothing() {
        String clientId = Requests.newClientRequestId();
        byte[] explicit = TestCsrs.explicitCurveCsr(TestCsrs.person("علی رضایی", null));
        assertFault(() -> submit(Requests.individual(clientId, explicit)), "WEAK_KEY");
        assertNothingStored(clientId);
    }

    @Test
    void refuses_an_rsa_16384_key_with_a_huge_exponent_as_weak_before_checking_its_signature() {
        String clientId = Requests.newClientRequestId();
        // the signature is random bytes: had it been verified first, the fault would be CSR_SIGNATURE_INVALID
        byte[] outsized = TestCsrs.rsaCsrWithGarbageSignature(
                TestCsrs.person("علی رضایی", null),
                16384,
                java.math.BigInteger.ONE.shiftLeft(16382).setBit(0));
        assertFault(() -> submit(Requests.individual(clientId, outsized)), "WEAK_KEY");
        assertNothingStored(clientId);
    }

    @Test
    void refuses_a_weak_key_and_stores_nothing() {
        String clientId = Requests.newClientRequestId();
        assertFault(() -> submit(Requests.individual(clientId, TestCsrs.rsa(1024))), "WEAK_KEY");
        assertNothingStored(clientId);
    }

    @Test
    void refuses_a_csr_whose_subject_is_not_the_applicant_and_stores_nothing() {
        String clientId = Requests.newClientRequestId();
        byte[] someoneElse = TestCsrs.csr(TestCsrs.person("Reza Alavi", null), TestCsrs.rsa(2048));
        assertFault(() -> submit(Requests.individual(clientId, someoneElse)), "CSR_SUBJECT_MISMATCH");
        assertNothingStored(clientId);
    }

    private static final String BODY_START =
            "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                    + " xmlns:r=\"http://ra.meganaft.ir/gateway/registration/v1\"><soapenv:Body><r:SubmitCertificateRequest>";

    @Test
    void answers_xml_that_does_not_parse_with_malformed_xml() throws Exception {
        for (String body : List.of(
                BODY_START + "<r:header></r:oops>",
                BODY_START + "<r:header><t:clientRequestId xmlns:t=\"http://ra.meganaft.ir/gateway/types/v1\">HR-1",
                "this is not XML")) {
            HttpResponse<String> response = post("/ra/RegistrationService", "urn:submitCertificateRequest", body);
            assertThat(response.statusCode()).as(body).isEqualTo(500);
            assertThat(Faults.codeIn(response.body())).as(response.body()).isEqualTo("MALFORMED_XML");
        }
    }

    @Test
    void answers_an_element_the_operation_does_not_know_with_schema_invalid() throws Exception {
        HttpResponse<String> response = post(
                "/ra/RegistrationService",
                "urn:submitCertificateRequest",
                "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><oops/>"
                        + "</soapenv:Body></soapenv:Envelope>");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Faults.codeIn(response.body())).as(response.body()).isEqualTo("SCHEMA_INVALID");
    }

    @Test
    void answers_a_message_the_schema_refuses_with_schema_invalid_and_stores_nothing() throws Exception {
        String clientId = Requests.newClientRequestId();
        String pem = TestCsrs.pem(TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), TestCsrs.rsa(2048)));
        String envelope = """
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                    xmlns:r="http://ra.meganaft.ir/gateway/registration/v1" xmlns:t="http://ra.meganaft.ir/gateway/types/v1">
                 <soapenv:Body><r:SubmitCertificateRequest>
                  <r:header><t:clientRequestId>%s</t:clientRequestId><t:caller><t:systemId>NIOC-HR</t:systemId></t:caller></r:header>
                  <r:applicant><t:kind>INDIVIDUAL</t:kind><t:person><t:givenName>Ali</t:givenName><t:surname>Rezaei</t:surname>
                   <t:nationalCode>049937089</t:nationalCode><t:contact><t:email>ali@example.ir</t:email></t:contact></t:person></r:applicant>
                  <r:channel><t:channel>OUTSIDE_INDUSTRY</t:channel></r:channel>
                  <r:documents><t:document><t:type>REQUEST_FORM</t:type></t:document>
                   <t:document><t:type>NATIONAL_CARD</t:type><t:number>۰۴۹۹۳۷۰۸۹۹</t:number></t:document>
                   <t:document><t:type>PASSPORT</t:type><t:number>P12345678</t:number><t:expiryDate>2031-01-01</t:expiryDate></t:document>
                  </r:documents>
                  <r:csr><t:pem>%s</t:pem></r:csr>
                 </r:SubmitCertificateRequest></soapenv:Body></soapenv:Envelope>""".formatted(clientId, pem);
        HttpResponse<String> response = post("/ra/RegistrationService", "urn:submitCertificateRequest", envelope);
        assertThat(Faults.codeIn(response.body())).as(response.body()).isEqualTo("SCHEMA_INVALID");
        assertThat(response.body()).contains("049937089");
        assertNothingStored(clientId);

        HttpResponse<String> fixed = post(
                "/ra/RegistrationService", "urn:submitCertificateRequest", envelope.replace("049937089", "0499370899"));
        assertThat(fixed.statusCode()).as(fixed.body()).isEqualTo(200);
    }

    @Test
    void a_schema_fault_names_the_element_it_refused() throws Exception {
        String envelope = """
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                    xmlns:r="http://ra.meganaft.ir/gateway/registration/v1" xmlns:t="http://ra.meganaft.ir/gateway/types/v1">
                 <soapenv:Body><r:SubmitCertificateRequest>
                  <r:header><t:clientRequestId>%s</t:clientRequestId><t:caller><t:systemId>NIOC-HR</t:systemId></t:caller></r:header>
                  <r:applicant><t:kind>INDIVIDUAL</t:kind><t:person><t:givenName>Ali</t:givenName><t:surname>Rezaei</t:surname>
                   <t:nationalCod>0499370899</t:nationalCod><t:contact><t:email>ali@example.ir</t:email></t:contact></t:person></r:applicant>
                  <r:channel><t:channel>OUTSIDE_INDUSTRY</t:channel></r:channel>
                  <r:csr><t:pem>-</t:pem></r:csr>
                 </r:SubmitCertificateRequest></soapenv:Body></soapenv:Envelope>""".formatted(Requests.newClientRequestId());
        HttpResponse<String> response = post("/ra/RegistrationService", "urn:submitCertificateRequest", envelope);
        assertThat(Faults.codeIn(response.body())).as(response.body()).isEqualTo("SCHEMA_INVALID");
        assertThat(response.body()).as(response.body()).containsPattern("<(\\w+:)?field>nationalCod</(\\w+:)?field>");
    }

    @Test
    void never_echoes_the_callers_soap_headers() throws Exception {
        String envelope = """
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                    xmlns:r="http://ra.meganaft.ir/gateway/registration/v1">
                 <soapenv:Header><x:Credentials xmlns:x="urn:caller">secret-password-42</x:Credentials></soapenv:Header>
                 <soapenv:Body><r:GetCaCertificatesRequest/></soapenv:Body></soapenv:Envelope>""";
        HttpResponse<String> response = post("/ra/RegistrationService", "urn:getCaCertificates", envelope);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("secret-password-42");
    }

    @Test
    void unknown_request_ids_are_faults_on_every_operation() {
        String unknown = "0f0f0f0f-0000-4000-8000-000000000000";
        assertFault(() -> registration.getRequestStatus(Requests.status(unknown)), "UNKNOWN_REQUEST");
        assertFault(() -> registration.getCertificate(Requests.certificate(unknown)), "UNKNOWN_REQUEST");
        assertFault(() -> officer.approveRequest(Requests.approve(unknown)), "UNKNOWN_REQUEST");
        assertFault(() -> officer.rejectRequest(Requests.reject(unknown, "no such request")), "UNKNOWN_REQUEST");
    }

    @Test
    void approving_an_approved_request_again_is_an_illegal_state_fault() throws Exception {
        String id = issued(TestCsrs.rsa(2048));
        var detail = assertFault(
                () -> officer.approveRequest(Requests.approve(RunningGateway.OTHER_REGISTRAR, id)), "ILLEGAL_STATE");
        assertThat(detail.getMessage()).contains("ISSUED");
    }

    @Test
    void a_registrar_retrying_an_approval_gets_the_same_answer_and_one_certificate() throws Exception {
        String id = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                .getRequestId();
        walk.vet(id);
        officer.approveRequest(Requests.approve(id));
        assertThat(officer.approveRequest(Requests.approve(id)).getState()).isEqualTo(RequestState.APPROVED);
        GetRequestStatusResponse status = awaitState(id, RequestState.ISSUED);
        assertThat(status.getHistory().getChange())
                .filteredOn(c -> c.getState() == RequestState.ISSUED)
                .hasSize(1);
        officer.approveRequest(Requests.approve(id));
        assertThat(registration.getRequestStatus(Requests.status(id)).getCertificateSerialNumber())
                .isEqualTo(status.getCertificateSerialNumber());
    }

    @Test
    void a_rejected_request_shows_the_reason_and_cannot_be_approved() throws Exception {
        String id = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                .getRequestId();
        awaitState(id, RequestState.PENDING_VETTING);
        assertThat(officer.rejectRequest(Requests.reject(id, "National card copy is illegible"))
                        .getState())
                .isEqualTo(RequestState.REJECTED);
        GetRequestStatusResponse status = registration.getRequestStatus(Requests.status(id));
        assertThat(status.getRequest().getState()).isEqualTo(RequestState.REJECTED);
        assertThat(status.getRejection().getReason()).isEqualTo("National card copy is illegible");
        assertFault(() -> officer.approveRequest(Requests.approve(id)), "ILLEGAL_STATE");
        assertFault(() -> officer.rejectRequest(Requests.reject(id, "again")), "ILLEGAL_STATE");
        assertFault(() -> registration.getCertificate(Requests.certificate(id)), "CERTIFICATE_NOT_ISSUED");
    }

    @Test
    void a_certificate_is_not_available_before_issuance() throws Exception {
        String id = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                .getRequestId();
        awaitState(id, RequestState.PENDING_VETTING);
        var detail = assertFault(() -> registration.getCertificate(Requests.certificate(id)), "CERTIFICATE_NOT_ISSUED");
        assertThat(detail.getMessage()).contains("PENDING_VETTING").contains("identity check");
    }

    @Test
    void a_key_that_is_already_certified_is_rejected_by_automatic_vetting() throws Exception {
        KeyPair keys = TestCsrs.rsa(2048);
        issued(keys);
        String again =
                submit(Requests.individual(Requests.newClientRequestId(), keys)).getRequestId();
        GetRequestStatusResponse status = awaitState(again, RequestState.REJECTED);
        assertThat(status.getRejection().getCode()).isEqualTo("KEY_REUSED");
        assertThat(status.getWaitingFor()).isNull();
    }

    @Test
    void finds_a_request_by_the_callers_own_id() throws Exception {
        String clientId = Requests.newClientRequestId();
        String id = submit(Requests.individual(clientId, TestCsrs.rsa(2048))).getRequestId();
        assertThat(registration
                        .getRequestStatus(Requests.statusByClientRequestId(clientId))
                        .getRequest()
                        .getRequestId())
                .isEqualTo(id);
    }

    @Test
    void lists_pending_requests_oldest_first_page_by_page() throws Exception {
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                    .getRequestId());
        }
        for (String id : mine) {
            awaitState(id, RequestState.PENDING_VETTING);
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        boolean more = true;
        while (more) {
            ListPendingRequestsRequest page = new ListPendingRequestsRequest();
            page.setOfficer(Requests.officer(RunningGateway.INTAKE));
            page.setMaxResults(1);
            page.setState(RequestState.PENDING_VETTING);
            page.setAfter(after);
            ListPendingRequestsResponse response = officer.listPendingRequests(page);
            assertThat(response.getRequest()).hasSizeLessThanOrEqualTo(1);
            for (RequestSummary s : response.getRequest()) {
                seen.add(s.getRequestId());
                after = s.getRequestId();
                assertThat(s.getState()).isEqualTo(RequestState.PENDING_VETTING);
            }
            more = response.isMore();
        }
        assertThat(seen).containsSubsequence(mine);
    }

    @Test
    void returns_the_ca_chain_from_issuing_ca_to_root() throws Exception {
        List<EncodedCertificate> chain =
                registration.getCaCertificates(new GetCaCertificatesRequest()).getCertificate();
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getSubject()).contains("Issuing CA");
        assertThat(chain.get(1).getSubject()).isEqualTo(chain.get(1).getIssuer());
    }

    @Test
    void keeps_a_scan_sent_by_mtom_under_its_sha256() throws Exception {
        RegistrationServicePortType mtom = gateway.registrationAs(TestPrincipals.system(Requests.SYSTEM));
        ((SOAPBinding) ((BindingProvider) mtom).getBinding()).setMTOMEnabled(true);
        byte[] scan = ("scanned national card " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        SubmitCertificateRequest request =
                Requests.withScan(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)), scan);

        String id = mtom.submitCertificateRequest(request).getRequestId();

        String sha256 = HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(scan));
        GetEvidenceFileRequest fetch = new GetEvidenceFileRequest();
        fetch.setOfficer(Requests.officer(RunningGateway.ARCHIVIST));
        fetch.setRequestId(id);
        fetch.setSha256(sha256);
        assertThat(gateway.officer()
                        .getEvidenceFile(fetch)
                        .getContent()
                        .getInputStream()
                        .readAllBytes())
                .isEqualTo(scan);
        assertThat(started.data().resolve("evidence"))
                .as("kept in the database, which every instance reads, not in a folder")
                .doesNotExist();
    }

    private static void assertNothingStored(String clientRequestId) {
        assertFault(
                () -> registration.getRequestStatus(Requests.statusByClientRequestId(clientRequestId)),
                "UNKNOWN_REQUEST");
    }

    private static HttpResponse<String> post(String path, String action, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url(path)))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"" + action + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return gateway.http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
