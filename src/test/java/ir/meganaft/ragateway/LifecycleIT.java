package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.Faults.assertFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.ListCrlTargetsRequest;
import ir.meganaft.ragateway.contract.officer.ListCrlTargetsResponse;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.officer.ReleaseCertificateHoldRequest;
import ir.meganaft.ragateway.contract.officer.RevokeByRaRequest;
import ir.meganaft.ragateway.contract.registration.GetLatestCrlRequest;
import ir.meganaft.ragateway.contract.registration.GetLatestCrlResponse;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.registration.RenewCertificateRequest;
import ir.meganaft.ragateway.contract.registration.RevokeCertificateRequest;
import ir.meganaft.ragateway.contract.types.CertificateReference;
import ir.meganaft.ragateway.contract.types.CertificateStatus;
import ir.meganaft.ragateway.contract.types.Csr;
import ir.meganaft.ragateway.contract.types.RequestHeader;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.contract.types.RevocationReason;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revocation, hold and release, renewal, CRLs and their push, through the gateway's real interfaces. */
class LifecycleIT {
    @TempDir
    static Path work;

    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static OfficerServicePortType officer;
    static Walk walk;
    static Path pushed;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        pushed = Files.createDirectories(work.resolve("pushed"));
        int nothingListens = RunningGateway.freePort();
        gateway = RunningGateway.start(
                work.resolve("data"),
                Map.of(
                        "gateway.crl.targets.directory", "file:" + pushed,
                        "gateway.crl.targets.unreachable-ca",
                                "http://127.0.0.1:" + nothingListens + "/crl?connectTimeout=500",
                        "gateway.crl.push.period-seconds", "1",
                        "gateway.crl.push.first-retry-seconds", "1",
                        "gateway.crl.push.max-retry-seconds", "2",
                        "gateway.revocation.key-compromise-immediate", "true"));
        registration = gateway.registration();
        officer = gateway.officer();
        walk = new Walk(gateway);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static String issued(KeyPair keys) throws Exception {
        String id = registration
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), keys))
                .getRequestId();
        walk.vetApproveAndIssue(id);
        return id;
    }

    static X509Certificate certificate(String requestId) throws Exception {
        byte[] der = registration
                .getCertificate(Requests.certificate(requestId))
                .getCertificate()
                .getDer();
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    static RevokeCertificateRequest revoke(String requestId, RevocationReason reason) {
        RevokeCertificateRequest r = new RevokeCertificateRequest();
        RequestHeader header = new RequestHeader();
        header.setClientRequestId(Requests.newClientRequestId());
        var caller = new ir.meganaft.ragateway.contract.types.Caller();
        caller.setSystemId(Requests.SYSTEM);
        header.setCaller(caller);
        r.setHeader(header);
        r.setCertificate(byRequest(requestId));
        r.setReason(reason);
        return r;
    }

    static CertificateReference byRequest(String requestId) {
        CertificateReference ref = new CertificateReference();
        ref.setRequestId(requestId);
        return ref;
    }

    static X509CRLHolder latestCrl(boolean delta) throws Exception {
        GetLatestCrlRequest request = new GetLatestCrlRequest();
        request.setDelta(delta);
        GetLatestCrlResponse response = registration.getLatestCrl(request);
        X509CRLHolder crl = new X509CRLHolder(response.getCrl().getInputStream().readAllBytes());
        assertThat(crl.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .setProvider("BC")
                        .build(caCertificate())))
                .isTrue();
        assertThat(crl.getNextUpdate().toInstant()).isAfter(Instant.now());
        return crl;
    }

    static X509Certificate caCertificate() throws Exception {
        byte[] der = registration
                .getCaCertificates(new ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest())
                .getCertificate()
                .get(0)
                .getDer();
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    static final int NOT_REVOKED = -1;

    /**
     * The certificate's revocation reason as a relying party reads the latest full CRL with its
     * delta (RFC 5280 5.2.4): the delta's entry wins (removeFromCRL: not revoked), else the full
     * CRL's, else not revoked. The first full CRL may already contain a fresh revocation.
     */
    static int revocationPerCrls(BigInteger serial) throws Exception {
        X509CRLHolder full = latestCrl(false);
        X509CRLHolder delta = latestCrl(true);
        long base = org.bouncycastle.asn1.x509.CRLNumber.getInstance(
                        delta.getExtension(Extension.deltaCRLIndicator).getParsedValue())
                .getCRLNumber()
                .longValue();
        long fullNumber = org.bouncycastle.asn1.x509.CRLNumber.getInstance(
                        full.getExtension(Extension.cRLNumber).getParsedValue())
                .getCRLNumber()
                .longValue();
        if (base != fullNumber) {
            throw new IllegalStateException("a new full CRL and its delta are being published");
        }
        X509CRLEntryHolder inDelta = delta.getRevokedCertificate(serial);
        if (inDelta != null) {
            return reasonOf(inDelta) == CRLReason.removeFromCRL ? NOT_REVOKED : reasonOf(inDelta);
        }
        X509CRLEntryHolder inFull = full.getRevokedCertificate(serial);
        return inFull == null ? NOT_REVOKED : reasonOf(inFull);
    }

    static void awaitRevocation(BigInteger serial, int reason) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> revocationPerCrls(serial) == reason);
    }

    static int reasonOf(X509CRLEntryHolder entry) {
        if (entry.getExtensions() == null || entry.getExtensions().getExtension(Extension.reasonCode) == null) {
            return CRLReason.unspecified;
        }
        return CRLReason.getInstance(entry.getExtensions().getExtensionParsedValue(Extension.reasonCode))
                .getValue()
                .intValue();
    }

    @Test
    void a_revocation_waits_for_a_registrar_then_the_delta_crl_lists_it_and_openssl_refuses_the_certificate()
            throws Exception {
        String id = issued(TestCsrs.ec("secp256r1"));
        X509Certificate leaf = certificate(id);
        var asked = registration.revokeCertificate(revoke(id, RevocationReason.AFFILIATION_CHANGED));
        assertThat(asked.getState()).isEqualTo(RequestState.PENDING_APPROVAL);
        assertThat(asked.getCertificateStatus()).isEqualTo(CertificateStatus.GOOD);
        officer.approveRequest(Requests.approve(asked.getRequestId()));
        walk.awaitState(asked.getRequestId(), RequestState.COMPLETED);

        awaitRevocation(leaf.getSerialNumber(), CRLReason.affiliationChanged);
        X509CRLHolder delta = latestCrl(true);
        X509CRLHolder full = latestCrl(false);
        assertThat(delta.getExtension(Extension.deltaCRLIndicator).isCritical()).isTrue();
        assertThat(new BigInteger(
                        1,
                        org.bouncycastle.asn1.ASN1Integer.getInstance(delta.getExtension(Extension.deltaCRLIndicator)
                                        .getParsedValue())
                                .getValue()
                                .toByteArray()))
                .as("the delta's base is the latest full CRL")
                .isEqualTo(org.bouncycastle.asn1.ASN1Integer.getInstance(
                                full.getExtension(Extension.cRLNumber).getParsedValue())
                        .getValue());

        // openssl: with the full and the delta CRL, the revoked certificate fails and a good one passes
        String good = issued(TestCsrs.ec("secp256r1"));
        Path dir = Files.createTempDirectory(work, "openssl");
        writePem(dir.resolve("revoked.pem"), leaf);
        writePem(dir.resolve("good.pem"), certificate(good));
        writeChain(dir);
        writeCrlPem(dir.resolve("full.crl"), full.getEncoded());
        writeCrlPem(dir.resolve("delta.crl"), delta.getEncoded());
        String revokedResult = openssl(
                dir,
                "verify",
                "-crl_check_all",
                "-use_deltas",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "-CRLfile",
                "full.crl",
                "-CRLfile",
                "delta.crl",
                "-CRLfile",
                "root.crl",
                "revoked.pem");
        assertThat(revokedResult).contains("certificate revoked");
        String goodResult = openssl(
                dir,
                "verify",
                "-crl_check_all",
                "-use_deltas",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "-CRLfile",
                "full.crl",
                "-CRLfile",
                "delta.crl",
                "-CRLfile",
                "root.crl",
                "good.pem");
        assertThat(goodResult).contains("good.pem: OK");
        // -crl_check with the full CRL alone: the revocation is in the delta until the next full CRL
        assertThat(openssl(
                        dir,
                        "verify",
                        "-crl_check",
                        "-CAfile",
                        "root.pem",
                        "-untrusted",
                        "issuing.pem",
                        "-CRLfile",
                        "full.crl",
                        "good.pem"))
                .contains("good.pem: OK");
        assertThat(openssl(dir, "crl", "-in", "delta.crl", "-noout", "-text"))
                .contains("Delta CRL Indicator")
                .contains("Affiliation Changed");
    }

    @Test
    void key_compromise_reported_by_the_holder_takes_effect_at_once_with_its_invalidity_date() throws Exception {
        String id = issued(TestCsrs.ec("secp256r1"));
        RevokeCertificateRequest request = revoke(id, RevocationReason.KEY_COMPROMISE);
        Instant lost = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        request.setInvalidityDate(lost);
        String revocation = registration.revokeCertificate(request).getRequestId();
        walk.awaitState(revocation, RequestState.COMPLETED);
        BigInteger serial = certificate(id).getSerialNumber();
        awaitRevocation(serial, CRLReason.keyCompromise);
        X509CRLEntryHolder entry = latestCrl(true).getRevokedCertificate(serial) != null
                ? latestCrl(true).getRevokedCertificate(serial)
                : latestCrl(false).getRevokedCertificate(serial);
        assertThat(org.bouncycastle.asn1.ASN1GeneralizedTime.getInstance(
                                entry.getExtensions().getExtensionParsedValue(Extension.invalidityDate))
                        .getDate()
                        .toInstant())
                .isEqualTo(lost);
    }

    @Test
    void a_hold_is_listed_then_released_with_remove_from_crl_in_the_next_delta() throws Exception {
        String id = issued(TestCsrs.ec("secp256r1"));
        BigInteger serial = certificate(id).getSerialNumber();
        String hold = registration
                .revokeCertificate(revoke(id, RevocationReason.CERTIFICATE_HOLD))
                .getRequestId();
        officer.approveRequest(Requests.approve(hold));
        walk.awaitState(hold, RequestState.COMPLETED);
        awaitRevocation(serial, CRLReason.certificateHold);
        assertThat(verifyWithCrls(certificate(id))).contains("certificate revoked");
        assertFault(
                () -> registration.revokeCertificate(revoke(id, RevocationReason.CERTIFICATE_HOLD)), "ALREADY_REVOKED");

        ReleaseCertificateHoldRequest release = new ReleaseCertificateHoldRequest();
        release.setOfficer(Requests.officer(RunningGateway.REGISTRAR));
        release.setCertificate(byRequest(id));
        assertThat(officer.releaseCertificateHold(release).getStatus()).isEqualTo(CertificateStatus.GOOD);
        awaitRevocation(serial, NOT_REVOKED);
        assertThat(verifyWithCrls(certificate(id))).contains("leaf.pem: OK");
        X509CRLEntryHolder lifted = latestCrl(true).getRevokedCertificate(serial);
        if (lifted != null || latestCrl(false).getRevokedCertificate(serial) != null) {
            assertThat(reasonOf(lifted))
                    .as("the delta lifts the hold with removeFromCRL")
                    .isEqualTo(CRLReason.removeFromCRL);
        }
        assertFault(() -> officer.releaseCertificateHold(release), "NOT_ON_HOLD");
    }

    @Test
    void unknown_or_already_revoked_certificates_and_other_callers_are_refused() throws Exception {
        CertificateReference unknown = new CertificateReference();
        CertificateReference.IssuerAndSerial issuerAndSerial = new CertificateReference.IssuerAndSerial();
        issuerAndSerial.setIssuer(caCertificate().getSubjectX500Principal().getName());
        issuerAndSerial.setSerialNumber("0123456789ABCDEF");
        unknown.setIssuerAndSerial(issuerAndSerial);
        RevokeCertificateRequest request = revoke("00000000-0000-4000-8000-000000000000", RevocationReason.UNSPECIFIED);
        request.setCertificate(unknown);
        assertFault(() -> registration.revokeCertificate(request), "UNKNOWN_CERTIFICATE");

        String id = issued(TestCsrs.ec("secp256r1"));
        RevokeCertificateRequest future = revoke(id, RevocationReason.KEY_COMPROMISE);
        future.setInvalidityDate(Instant.now().plus(1, ChronoUnit.DAYS));
        assertFault(() -> registration.revokeCertificate(future), "SCHEMA_INVALID");
        assertFault(
                () -> registration.revokeCertificate(revoke(id, RevocationReason.C_A_COMPROMISE)), "SCHEMA_INVALID");
        RevokeCertificateRequest otherSystem = revoke(id, RevocationReason.UNSPECIFIED);
        otherSystem.getHeader().getCaller().setSystemId("NIDC-ERP");
        assertFault(() -> registration.revokeCertificate(otherSystem), "UNKNOWN_CERTIFICATE");

        RevokeByRaRequest byRa = new RevokeByRaRequest();
        byRa.setOfficer(Requests.officer(RunningGateway.INTAKE));
        byRa.setCertificate(byRequest(id));
        byRa.setReason(RevocationReason.PRIVILEGE_WITHDRAWN);
        byRa.setRemarks("the national card was forged");
        assertFault(() -> officer.revokeByRa(byRa), "NOT_AUTHORIZED");
        byRa.setOfficer(Requests.officer(RunningGateway.REGISTRAR));
        assertThat(officer.revokeByRa(byRa).getStatus())
                .as("the RA's finding takes effect at once")
                .isEqualTo(CertificateStatus.REVOKED);
        awaitRevocation(certificate(id).getSerialNumber(), CRLReason.privilegeWithdrawn);
        assertFault(() -> registration.revokeCertificate(revoke(id, RevocationReason.SUPERSEDED)), "ALREADY_REVOKED");
        assertFault(() -> officer.revokeByRa(byRa), "ALREADY_REVOKED");
    }

    @Test
    void a_renewal_re_keys_is_vetted_and_supersedes_the_previous_certificate_when_delivered() throws Exception {
        String previous = issued(TestCsrs.ec("secp256r1"));
        X509Certificate old = certificate(previous);

        RenewCertificateRequest sameKey = renewal(previous, null);
        assertFault(() -> registration.renewCertificate(sameKey), "RENEWAL_NOT_ALLOWED");
        RenewCertificateRequest unknown = renewal(
                "00000000-0000-4000-8000-000000000000",
                TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), TestCsrs.ec("secp256r1")));
        assertFault(() -> registration.renewCertificate(unknown), "UNKNOWN_CERTIFICATE");
        RenewCertificateRequest otherSystem =
                renewal(previous, TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), TestCsrs.ec("secp256r1")));
        otherSystem.getHeader().getCaller().setSystemId("NIDC-ERP");
        assertFault(() -> registration.renewCertificate(otherSystem), "UNKNOWN_CERTIFICATE");
        RenewCertificateRequest someoneElse =
                renewal(previous, TestCsrs.csr(TestCsrs.person("Reza Alavi", null), TestCsrs.ec("secp256r1")));
        assertFault(() -> registration.renewCertificate(someoneElse), "CSR_SUBJECT_MISMATCH");

        KeyPair newKey = TestCsrs.ec("secp256r1");
        String renewal = registration
                .renewCertificate(renewal(previous, TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), newKey)))
                .getRequestId();
        walk.vetApproveAndIssue(renewal);
        X509Certificate renewed = certificate(renewal);
        assertThat(renewed.getSubjectX500Principal()).isEqualTo(old.getSubjectX500Principal());
        assertThat(renewed.getPublicKey()).isEqualTo(newKey.getPublic());
        assertThat(renewed.getNotAfter()).isAfterOrEqualTo(old.getNotAfter());
        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        officer.recordDelivery(Requests.delivery(RunningGateway.REGISTRAR, renewal, "TOKEN-R"));
        awaitRevocation(old.getSerialNumber(), CRLReason.superseded);
        assertThat(revocationPerCrls(renewed.getSerialNumber())).isEqualTo(NOT_REVOKED);
    }

    @Test
    void every_new_crl_reaches_the_healthy_target_while_the_unreachable_one_is_retried_and_shown_behind()
            throws Exception {
        X509CRLHolder latest = latestCrl(false);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> java.util.Arrays.equals(
                        Files.readAllBytes(pushed.resolve("issuing-ca.crl")), latest.getEncoded()));
        ListCrlTargetsRequest request = new ListCrlTargetsRequest();
        request.setOfficer(Requests.officer(RunningGateway.PUBLISHER));
        ListCrlTargetsResponse targets = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> officer.listCrlTargets(request),
                        r -> r.getTarget().stream()
                                .anyMatch(t -> t.getName().equals("unreachable-ca") && t.getFailedAttempts() >= 2));
        var healthy = targets.getTarget().stream()
                .filter(t -> t.getName().equals("directory"))
                .findFirst()
                .orElseThrow();
        var failing = targets.getTarget().stream()
                .filter(t -> t.getName().equals("unreachable-ca"))
                .findFirst()
                .orElseThrow();
        assertThat(healthy.getLastDeliveredCrlNumber()).isNotNull();
        assertThat(failing.isBehind()).isTrue();
        assertThat(failing.getLastDeliveredCrlNumber()).isNull();
        assertThat(failing.getLastError()).isNotBlank();
        request.setOfficer(Requests.officer(RunningGateway.INTAKE));
        assertFault(() -> officer.listCrlTargets(request), "NOT_AUTHORIZED");
    }

    @Test
    void the_crl_distribution_point_in_a_certificate_serves_the_full_crl_with_caching_headers() throws Exception {
        X509Certificate leaf = certificate(issued(TestCsrs.ec("secp256r1")));
        String url = org.bouncycastle.asn1.x509.CRLDistPoint.getInstance(
                        org.bouncycastle.asn1.ASN1OctetString.getInstance(
                                        leaf.getExtensionValue(Extension.cRLDistributionPoints.getId()))
                                .getOctets())
                .getDistributionPoints()[0]
                .getDistributionPoint()
                .getName()
                .toASN1Primitive()
                .toString();
        String uri = url.substring(url.indexOf("http"), url.indexOf(".crl") + 4);
        HttpResponse<byte[]> response =
                HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("max-age=");
        assertThat(response.headers().firstValue("ETag")).isPresent();
        assertThat(new X509CRLHolder(response.body()).getIssuer().toString()).contains("Issuing CA");
        HttpResponse<byte[]> caCert = HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.url("/pki/issuing-ca.cer")))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(caCert.headers().firstValue("Content-Type")).hasValue("application/pkix-cert");
    }

    /** openssl verify of a certificate against the latest full and delta CRLs and the root's CRL. */
    private static String verifyWithCrls(X509Certificate certificate) throws Exception {
        Path dir = Files.createTempDirectory(work, "openssl");
        writePem(dir.resolve("leaf.pem"), certificate);
        writeChain(dir);
        writeCrlPem(dir.resolve("full.crl"), latestCrl(false).getEncoded());
        writeCrlPem(dir.resolve("delta.crl"), latestCrl(true).getEncoded());
        return openssl(
                dir,
                "verify",
                "-crl_check_all",
                "-use_deltas",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "issuing.pem",
                "-CRLfile",
                "full.crl",
                "-CRLfile",
                "delta.crl",
                "-CRLfile",
                "root.crl",
                "leaf.pem");
    }

    private static RenewCertificateRequest renewal(String previous, byte[] csr) {
        RenewCertificateRequest r = new RenewCertificateRequest();
        r.setHeader(revoke(previous, RevocationReason.UNSPECIFIED).getHeader());
        r.setCertificate(byRequest(previous));
        if (csr != null) {
            Csr c = new Csr();
            c.setDer(csr);
            r.setCsr(c);
        }
        return r;
    }

    private static void writeChain(Path dir) throws Exception {
        var chain = registration
                .getCaCertificates(new ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest())
                .getCertificate();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        writePem(dir.resolve("issuing.pem"), (X509Certificate) factory.generateCertificate(
                new ByteArrayInputStream(chain.get(0).getDer())));
        writePem(dir.resolve("root.pem"), (X509Certificate) factory.generateCertificate(
                new ByteArrayInputStream(chain.get(1).getDer())));
        // -crl_check_all wants a CRL for every CA in the chain: the development root's comes with the keys
        writeCrlPem(
                dir.resolve("root.crl"), Files.readAllBytes(gateway.dataDir().resolve("keys/root-ca.crl")));
    }

    private static void writeCrlPem(Path file, byte[] der) throws Exception {
        Files.writeString(
                file,
                "-----BEGIN X509 CRL-----\n"
                        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(der)
                        + "\n-----END X509 CRL-----\n");
    }

    private static void writePem(Path file, X509Certificate certificate) throws Exception {
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(Files.newBufferedWriter(file))) {
            writer.writeObject(certificate);
        }
    }

    private static String openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
