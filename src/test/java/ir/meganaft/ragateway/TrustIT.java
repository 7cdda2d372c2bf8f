package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.contract.cpmisaccount.CpmisAccountService;
import ir.meganaft.ragateway.contract.cpmisaccount.CpmisAccountServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.registration.RenewCertificateRequest;
import ir.meganaft.ragateway.contract.registration.RevokeCertificateRequest;
import ir.meganaft.ragateway.contract.status.CertificateStatus;
import ir.meganaft.ragateway.contract.status.CheckCertificateStatusRequest;
import ir.meganaft.ragateway.contract.status.FindCertificatesRequest;
import ir.meganaft.ragateway.contract.status.IssuerAndSerial;
import ir.meganaft.ragateway.contract.status.StatusServicePortType;
import ir.meganaft.ragateway.contract.types.RevocationReason;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.security.AccessPolicy;
import ir.meganaft.ragateway.support.ContractFaults;
import ir.meganaft.ragateway.support.Faults;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.Services;
import ir.meganaft.ragateway.support.TestCertificates;
import ir.meganaft.ragateway.support.TestCertificates.Issued;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestPrincipals;
import ir.meganaft.ragateway.support.Walk;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 over real TLS handshakes: who may call what (every operation of every service as each
 * kind of principal), what becomes of a missing, expired, foreign, unmapped or revoked client
 * certificate, and tenancy between two companies for every read and write.
 */
class TrustIT {
    private static final String SYS = TestPrincipals.system(Requests.SYSTEM);
    private static final String OTHER_COMPANY = TestPrincipals.system("NIDC-ERP");
    private static final String SAME_COMPANY = TestPrincipals.system("NIOC-DRILLING");
    private static final String INTAKE = TestPrincipals.officer(RunningGateway.INTAKE);
    private static final String COMPLIANCE = TestPrincipals.officer(RunningGateway.COMPLIANCE);
    private static final String REGISTRAR = TestPrincipals.officer(RunningGateway.REGISTRAR);
    private static final String ARCHIVIST = TestPrincipals.officer(RunningGateway.ARCHIVIST);
    private static final String PUBLISHER = TestPrincipals.officer(RunningGateway.PUBLISHER);
    private static final String ADMIN = TestPrincipals.admin(Services.ADMIN);
    private static final String RELYING = TestPrincipals.relyingParty(TestPrincipals.RELYING_PARTY);
    private static final List<String> EVERYONE =
            List.of(SYS, INTAKE, COMPLIANCE, REGISTRAR, ARCHIVIST, PUBLISHER, ADMIN, RELYING);
    private static final List<String> OFFICERS = List.of(INTAKE, COMPLIANCE, REGISTRAR, ARCHIVIST, PUBLISHER);
    /** Who may call each operation: written out here, independently of AccessPolicy, which it checks. */
    private static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

    static {
        for (String op : List.of(
                "submitCertificateRequest",
                "getRequestStatus",
                "getCertificate",
                "revokeCertificate",
                "renewCertificate")) {
            ALLOWED.put("RegistrationService/" + op, List.of(SYS));
        }
        ALLOWED.put("RegistrationService/getCaCertificates", EVERYONE);
        ALLOWED.put("RegistrationService/getLatestCrl", EVERYONE);
        ALLOWED.put("OfficerService/listPendingRequests", OFFICERS);
        ALLOWED.put("OfficerService/recordIdentityCheck", List.of(INTAKE));
        ALLOWED.put("OfficerService/recordDocumentCheck", List.of(COMPLIANCE));
        ALLOWED.put("OfficerService/recordPayment", List.of(INTAKE, REGISTRAR));
        ALLOWED.put("OfficerService/approveRequest", List.of(REGISTRAR));
        ALLOWED.put("OfficerService/rejectRequest", List.of(INTAKE, COMPLIANCE, REGISTRAR));
        ALLOWED.put("OfficerService/recordDelivery", List.of(REGISTRAR));
        ALLOWED.put("OfficerService/listEvidence", List.of(INTAKE, COMPLIANCE, ARCHIVIST));
        ALLOWED.put("OfficerService/getEvidenceFile", List.of(INTAKE, COMPLIANCE, ARCHIVIST));
        ALLOWED.put("OfficerService/revokeByRa", List.of(REGISTRAR));
        ALLOWED.put("OfficerService/releaseCertificateHold", List.of(REGISTRAR));
        ALLOWED.put("OfficerService/listCrlTargets", List.of(PUBLISHER));
        List<String> statusReaders = new ArrayList<>(OFFICERS);
        statusReaders.add(SYS);
        statusReaders.add(RELYING);
        ALLOWED.put("StatusService/checkCertificateStatus", statusReaders);
        ALLOWED.put("StatusService/findCertificates", statusReaders);
        ALLOWED.put("CpmisAccountService/recordCpmisAccount", List.of(SYS, REGISTRAR));
        List<String> cpmisReaders = new ArrayList<>(OFFICERS);
        cpmisReaders.add(SYS);
        ALLOWED.put("CpmisAccountService/getCpmisRegistration", cpmisReaders);
        ALLOWED.put("AdminService/listDeadLetters", List.of(ADMIN));
        ALLOWED.put("AdminService/replayDeadLetters", List.of(ADMIN));
        for (String op :
                List.of("purgeDeadLetters", "listStalledRequests", "requeueStalledRequests", "publishCrl", "pushCrl")) {
            ALLOWED.put("AdminService/" + op, List.of(ADMIN));
        }
        ALLOWED.put("AdminService/listCatchAllDeadLetters", List.of(ADMIN));
        ALLOWED.put("AdminService/showCatchAllDeadLetter", List.of(ADMIN));
        ALLOWED.put("AdminService/replayCatchAllDeadLetters", List.of(ADMIN));
        ALLOWED.put("AdminService/purgeCatchAllDeadLetters", List.of(ADMIN));
    }

    @TempDir
    static Path data;

    static RunningGateway gateway;
    static Signer gatewayCa;
    /** Where NIOC-HR's callback receiver over HTTPS listens (registered as a prefix at start). */
    static final int TLS_CALLBACKS = RunningGateway.freePort();

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(data, settings(Map.of()));
        char[] password = Files.readString(data.resolve("keys").resolve("keystore-password"))
                .strip()
                .toCharArray();
        gatewayCa = Pkcs12Keys.load(data.resolve("keys").resolve("ca.p12"), "ca", password);
    }

    /** NIOC-DRILLING acts for its whole company (NIOC, with NIOC-HR); NIOC-HR may call back over HTTPS. */
    static Map<String, String> settings(Map<String, String> more) {
        Map<String, String> settings = new java.util.HashMap<>(more);
        settings.put("gateway.systems.NIOC-DRILLING.sees", "company");
        settings.put(
                "gateway.callback-prefixes." + Requests.SYSTEM, "https://127.0.0.1:" + TLS_CALLBACKS + "/callbacks");
        return settings;
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void a_callback_over_https_presents_the_gateways_client_certificate_to_a_receiver_that_demands_one()
            throws Exception {
        Issued receiverTls = TestCertificates.server(
                "CN=hr.nioc.example,O=NIOC", gatewayCa.certificate(), gatewayCa.newContentSigner());
        try (var receiver = ir.meganaft.ragateway.support.CallbackReceiver.startTls(
                TLS_CALLBACKS,
                receiverTls.key(),
                new X509Certificate[] {receiverTls.certificate(), gatewayCa.certificate()},
                gatewayCa.chain())) {
            var request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
            request.getHeader().setReplyTo(receiver.url());
            String id = gateway.registration().submitCertificateRequest(request).getRequestId();
            new Walk(gateway).awaitState(id, ir.meganaft.ragateway.contract.types.RequestState.PENDING_VETTING);
            gateway.officer().rejectRequest(Requests.reject(id, "documents withdrawn"));
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> receiver.receivedFor(id), l -> !l.isEmpty());
            assertThat(receiver.clientSubjects())
                    .isNotEmpty()
                    .allSatisfy(subject ->
                            assertThat(subject).contains("DEVELOPMENT ONLY").contains("CN=localhost"));
        }
    }

    @Test
    void the_matrix_names_every_operation_the_access_policy_rules() {
        assertThat(ALLOWED.keySet())
                .containsExactlyInAnyOrderElementsOf(AccessPolicy.standard().operations());
    }

    @Test
    void every_operation_of_every_service_admits_exactly_its_principals() throws Exception {
        Map<String, HttpClient> clients = new LinkedHashMap<>();
        for (String principal : EVERYONE) {
            clients.put(principal, client(gateway.tls(principal)));
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, List<String>> rule : ALLOWED.entrySet()) {
            for (String principal : EVERYONE) {
                String code = Faults.codeIn(
                        post(clients.get(principal), rule.getKey(), "").body());
                boolean admitted = !"NOT_AUTHORIZED".equals(code);
                if (admitted != rule.getValue().contains(principal)) {
                    wrong.add(rule.getKey() + " as " + principal + ": " + code);
                }
            }
        }
        assertThat(wrong).as("calls answered against the policy").isEmpty();
    }

    @Test
    void without_a_client_certificate_the_tls_handshake_fails_on_every_service() {
        HttpClient anonymous = client(TestPrincipals.anonymous(data));
        for (String operation : ALLOWED.keySet()) {
            assertThatThrownBy(() -> post(anonymous, operation, ""))
                    .as(operation)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void an_expired_a_foreign_and_an_unmapped_certificate_are_each_refused_with_their_own_code_everywhere()
            throws Exception {
        Instant now = Instant.now();
        String systemSubject = TestPrincipals.subject("system", Requests.SYSTEM);
        Issued expired = TestCertificates.client(
                systemSubject,
                gatewayCa.certificate(),
                gatewayCa.newContentSigner(),
                now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofMinutes(1)),
                KeyPurposeId.id_kp_clientAuth);
        Issued stranger = TestCertificates.ca("CN=Stranger CA,O=Elsewhere");
        Issued foreign = TestCertificates.client(systemSubject, stranger);
        Issued unmapped = TestCertificates.client(
                "CN=nobody,OU=Test systems,O=MegaNaft Tests,C=IR",
                gatewayCa.certificate(),
                gatewayCa.newContentSigner(),
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(1)),
                KeyPurposeId.id_kp_clientAuth);
        Map<String, HttpClient> cases = Map.of(
                "CLIENT_CERTIFICATE_EXPIRED",
                        client(TestPrincipals.presenting(data, expired.key(), expired.certificate())),
                "CLIENT_CERTIFICATE_UNTRUSTED",
                        client(TestPrincipals.presenting(
                                data, foreign.key(), foreign.certificate(), stranger.certificate())),
                "UNKNOWN_CLIENT", client(TestPrincipals.presenting(data, unmapped.key(), unmapped.certificate())));
        for (Map.Entry<String, HttpClient> c : cases.entrySet()) {
            for (String operation : ALLOWED.keySet()) {
                String answer = post(c.getValue(), operation, "").body();
                assertThat(Faults.codeIn(answer))
                        .as(operation + " with " + c.getKey())
                        .isEqualTo(c.getKey());
            }
        }
    }

    @Test
    void a_certificate_the_center_issued_works_until_it_is_revoked_and_then_is_refused_as_revoked() throws Exception {
        // a partner's system gets its client certificate through the gateway itself: submitted, vetted, issued
        KeyPair keys = TestCsrs.ec("secp256r1");
        String id = gateway.registration()
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), keys))
                .getRequestId();
        new Walk(gateway).vetApproveAndIssue(id);
        X509Certificate issued = certificate(gateway.registration(), id);
        SSLContext tls = TestPrincipals.presenting(data, keys.getPrivate(), issued);
        String fingerprint = ir.meganaft.ragateway.security.CertificateMatch.fingerprint(issued);

        gateway.close();
        gateway = RunningGateway.start(
                data,
                gateway.port(),
                settings(Map.of("gateway.relying-parties.issued-party.certificate", "sha256:" + fingerprint)));
        String check = "StatusService/checkCertificateStatus";
        String body = "<m:certificate>" + java.util.Base64.getEncoder().encodeToString(issued.getEncoded())
                + "</m:certificate>";
        assertThat(post(client(tls), check, body).body()).contains(">GOOD<");

        Services.revoke(gateway, issued.getSerialNumber().toString(16).toUpperCase(Locale.ROOT), "keyCompromise");
        assertThat(Faults.codeIn(post(client(tls), check, body).body())).isEqualTo("CLIENT_CERTIFICATE_REVOKED");
    }

    @Test
    void a_body_identity_other_than_the_callers_is_refused_and_nothing_is_stored() throws Exception {
        String clientRequestId = Requests.newClientRequestId();
        var request = Requests.individual(clientRequestId, TestCsrs.ec("secp256r1"));
        request.getHeader().getCaller().setSystemId("NIDC-ERP");
        Faults.assertFault(() -> gateway.registrationAs(SYS).submitCertificateRequest(request), "IDENTITY_MISMATCH");
        request.getHeader().getCaller().setSystemId(Requests.SYSTEM);
        Faults.assertFault(
                () -> gateway.registration().getRequestStatus(Requests.statusByClientRequestId(clientRequestId)),
                "UNKNOWN_REQUEST");
        var check = Requests.identityCheck(RunningGateway.COMPLIANCE, "00000000-0000-4000-8000-000000000000");
        Faults.assertFault(() -> gateway.officerAs(INTAKE).recordIdentityCheck(check), "IDENTITY_MISMATCH");
        // the identity may be left out: the certificate says who is calling
        request.getHeader().setCaller(null);
        String id =
                gateway.registrationAs(SYS).submitCertificateRequest(request).getRequestId();
        assertThat(gateway.registration()
                        .getRequestStatus(Requests.status(id))
                        .getRequest()
                        .getCallerSystemId())
                .isEqualTo(Requests.SYSTEM);
    }

    @Test
    void another_companys_system_can_neither_see_nor_touch_a_request_or_its_certificate() throws Exception {
        KeyPair keys = TestCsrs.ec("secp256r1");
        String id = gateway.registration()
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), keys))
                .getRequestId();
        new Walk(gateway).vetApproveAndIssue(id);
        X509Certificate issued = certificate(gateway.registration(), id);
        String serial = issued.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        String missing = "00000000-0000-4000-8000-000000000000";
        RegistrationServicePortType other = gateway.registrationAs(OTHER_COMPANY);

        // reads: answered exactly as for a request that does not exist
        String notThere = Faults.assertFault(() -> other.getRequestStatus(Requests.status(missing)), "UNKNOWN_REQUEST")
                .getMessage();
        String notTheirs = Faults.assertFault(() -> other.getRequestStatus(Requests.status(id)), "UNKNOWN_REQUEST")
                .getMessage();
        assertThat(notTheirs.replace(id, missing)).isEqualTo(notThere);
        Faults.assertFault(() -> other.getCertificate(Requests.certificate(id)), "UNKNOWN_REQUEST");
        StatusServicePortType otherStatus = Services.statusAs(gateway, OTHER_COMPANY);
        assertThat(otherStatus.checkCertificateStatus(bySerial(issued)).getStatus())
                .isEqualTo(CertificateStatus.UNKNOWN);
        assertThat(Services.statusAs(gateway, SYS)
                        .checkCertificateStatus(bySerial(issued))
                        .getStatus())
                .isEqualTo(CertificateStatus.GOOD);
        assertThat(otherStatus.findCertificates(byNationalCode()).getCertificate())
                .extracting(c -> c.getRequestId())
                .doesNotContain(id);
        assertThat(Services.statusAs(gateway, SYS)
                        .findCertificates(byNationalCode())
                        .getCertificate())
                .extracting(c -> c.getRequestId())
                .contains(id);
        CpmisAccountServicePortType otherCpmis = TestPrincipals.client(
                new CpmisAccountService().getCpmisAccountServiceSoap11Port(),
                gateway.url("/ra/CpmisAccountService"),
                gateway.tls(OTHER_COMPANY));
        ContractFaults.assertGatewayFault(
                () -> otherCpmis.getCpmisRegistration(Services.registration(id)), "UNKNOWN_REQUEST");

        // writes: refused as for a certificate that does not exist, and nothing is stored
        ContractFaults.assertGatewayFault(
                () -> otherCpmis.recordCpmisAccount(
                        withoutCaller(Services.accountFromSystem("NIDC-ERP", id, "ali.rezaei", "USER"))),
                "UNKNOWN_REQUEST");
        Faults.assertFault(
                () -> other.revokeCertificate(asOther(LifecycleIT.revoke(id, RevocationReason.KEY_COMPROMISE))),
                "UNKNOWN_CERTIFICATE");
        RevokeCertificateRequest bySerial = asOther(LifecycleIT.revoke(id, RevocationReason.KEY_COMPROMISE));
        bySerial.getCertificate().setRequestId(null);
        var ias = new ir.meganaft.ragateway.contract.types.CertificateReference.IssuerAndSerial();
        ias.setIssuer(issued.getIssuerX500Principal().getName());
        ias.setSerialNumber(serial);
        bySerial.getCertificate().setIssuerAndSerial(ias);
        Faults.assertFault(() -> other.revokeCertificate(bySerial), "UNKNOWN_CERTIFICATE");
        RenewCertificateRequest renewal = new RenewCertificateRequest();
        renewal.setHeader(
                asOther(LifecycleIT.revoke(id, RevocationReason.UNSPECIFIED)).getHeader());
        renewal.setCertificate(LifecycleIT.byRequest(id));
        Faults.assertFault(() -> other.renewCertificate(renewal), "UNKNOWN_CERTIFICATE");
        assertThat(Services.status(gateway)
                        .checkCertificateStatus(bySerial(issued))
                        .getStatus())
                .isEqualTo(CertificateStatus.GOOD);
        assertThat(gateway.officer().listPendingRequests(pending()).getRequest())
                .noneMatch(r -> r.getCallerSystemId().equals("NIDC-ERP"));

        // a system acting for its company (NIOC-DRILLING, sees = company) sees NIOC-HR's request
        RegistrationServicePortType sameCompany = gateway.registrationAs(SAME_COMPANY);
        assertThat(sameCompany
                        .getRequestStatus(Requests.status(id))
                        .getRequest()
                        .getRequestId())
                .isEqualTo(id);
        assertThat(sameCompany.getCertificate(Requests.certificate(id)).getRequestId())
                .isEqualTo(id);
    }

    private static RevokeCertificateRequest asOther(RevokeCertificateRequest r) {
        r.getHeader().setCaller(null);
        return r;
    }

    private static ir.meganaft.ragateway.contract.cpmisaccount.RecordCpmisAccountRequest withoutCaller(
            ir.meganaft.ragateway.contract.cpmisaccount.RecordCpmisAccountRequest r) {
        r.setCaller(null);
        return r;
    }

    private static ir.meganaft.ragateway.contract.officer.ListPendingRequestsRequest pending() {
        ir.meganaft.ragateway.contract.officer.ListPendingRequestsRequest r =
                new ir.meganaft.ragateway.contract.officer.ListPendingRequestsRequest();
        r.setOfficer(Requests.officer(RunningGateway.REGISTRAR));
        return r;
    }

    private static CheckCertificateStatusRequest bySerial(X509Certificate c) {
        CheckCertificateStatusRequest r = new CheckCertificateStatusRequest();
        IssuerAndSerial ias = new IssuerAndSerial();
        ias.setIssuer(c.getIssuerX500Principal().getName());
        ias.setSerialNumber(c.getSerialNumber().toString(16));
        r.setIssuerAndSerial(ias);
        return r;
    }

    private static FindCertificatesRequest byNationalCode() {
        FindCertificatesRequest r = new FindCertificatesRequest();
        r.setNationalCode(Requests.NATIONAL_CODE);
        return r;
    }

    private static X509Certificate certificate(RegistrationServicePortType registration, String id) throws Exception {
        byte[] der = registration
                .getCertificate(Requests.certificate(id))
                .getCertificate()
                .getDer();
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Posts {@code service/operation}'s request element, holding {@code content}, as raw SOAP 1.1. */
    private static HttpResponse<String> post(HttpClient client, String serviceOperation, String content)
            throws Exception {
        String service = serviceOperation.substring(0, serviceOperation.indexOf('/'));
        String operation = serviceOperation.substring(serviceOperation.indexOf('/') + 1);
        String namespace = "http://ra.meganaft.ir/gateway/"
                + switch (service) {
                    case "RegistrationService" -> "registration";
                    case "OfficerService" -> "officer";
                    case "StatusService" -> "status";
                    case "CpmisAccountService" -> "cpmis-account";
                    default -> "admin";
                }
                + "/v1";
        String element = Character.toUpperCase(operation.charAt(0)) + operation.substring(1) + "Request";
        String envelope = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:m=\"" + namespace
                + "\"><s:Body><m:" + element + ">" + content + "</m:" + element + "></s:Body></s:Envelope>";
        return client.send(
                HttpRequest.newBuilder(URI.create(gateway.url("/ra/" + service)))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "text/xml; charset=utf-8")
                        .header("SOAPAction", "\"urn:" + operation + "\"")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
