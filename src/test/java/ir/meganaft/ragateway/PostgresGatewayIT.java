package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.GetCertificateResponse;
import ir.meganaft.ragateway.contract.registration.GetLatestCrlRequest;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateResponse;
import ir.meganaft.ragateway.contract.types.CertificateStatus;
import ir.meganaft.ragateway.contract.types.RevocationReason;
import ir.meganaft.ragateway.support.PostgresServer;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway with {@code gateway.db.url} pointing at a real PostgreSQL server: a request
 * goes from submission to certificate and revocation, and what callers are told is what the
 * database holds.
 */
class PostgresGatewayIT {
    @TempDir
    static Path data;

    static PostgresServer.Access database;
    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static OfficerServicePortType officer;
    static Walk walk;

    @BeforeAll
    static void start() {
        database = PostgresServer.shared().newDatabase("gateway_it");
        gateway = RunningGateway.start(data, database.gatewaySettings());
        registration = gateway.registration();
        officer = gateway.officer();
        walk = new Walk(gateway);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void submits_vets_approves_and_issues_a_certificate_that_postgresql_holds_with_its_ledger_entry() throws Exception {
        KeyPair keys = TestCsrs.ec("secp256r1");
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), keys);
        SubmitCertificateResponse submitted = registration.submitCertificateRequest(request);
        String id = submitted.getRequestId();
        walk.vetApproveAndIssue(id);

        GetCertificateResponse served = registration.getCertificate(Requests.certificate(id));
        X509Certificate leaf = parse(served.getCertificate().getDer());
        X509Certificate issuingCa =
                parse(served.getChain().getCertificate().get(0).getDer());
        leaf.verify(issuingCa.getPublicKey());
        assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
        SubmitCertificateResponse again = registration.submitCertificateRequest(request);
        assertThat(again.isDuplicate())
                .as("the same clientRequestId sent again")
                .isTrue();
        assertThat(again.getRequestId()).isEqualTo(id);

        try (Connection c = database.connect()) {
            assertThat(one(c, "select state from cert_request where id = ?", id))
                    .isEqualTo("ISSUED");
            assertThat(one(c, "select count(*) from request_event where request_id = ?", id))
                    .as("RECEIVED, PENDING_VETTING, PENDING_APPROVAL, APPROVED, ISSUED")
                    .isEqualTo("5");
            assertThat(bytes(c, "select der from certificate where request_id = ?", id))
                    .isEqualTo(leaf.getEncoded());
            assertThat(bytes(c, "select certificate from ca_ledger where transaction_id = ?", id))
                    .as("the CA ledger's copy")
                    .isEqualTo(leaf.getEncoded());
        }
        assertThat(data.resolve("db")).as("no H2 database beside PostgreSQL").doesNotExist();
    }

    @Test
    void revokes_a_certificate_and_the_next_crls_and_the_database_list_it() throws Exception {
        String id = registration
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
        walk.vetApproveAndIssue(id);
        BigInteger serial = parse(registration
                        .getCertificate(Requests.certificate(id))
                        .getCertificate()
                        .getDer())
                .getSerialNumber();

        assertThat(officer.revokeByRa(Requests.revokeByRa(id, RevocationReason.PRIVILEGE_WITHDRAWN))
                        .getStatus())
                .isEqualTo(CertificateStatus.REVOKED);
        // (before the first CRL of this instance's CRL job, getLatestCrl answers CRL_NOT_AVAILABLE: wait past it)
        await("the serial in the latest full or delta CRL")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(ir.meganaft.ragateway.contract.registration.GatewayFault.class)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> latestCrl(false).getRevokedCertificate(serial) != null
                        || latestCrl(true).getRevokedCertificate(serial) != null);
        try (Connection c = database.connect()) {
            assertThat(one(c, "select status from certificate where request_id = ?", id))
                    .isEqualTo("REVOKED");
            assertThat(one(
                            c,
                            "select count(*) from revocation_event e join certificate c"
                                    + " on c.serial_number = e.serial_number where c.request_id = ?",
                            id))
                    .isEqualTo("1");
            assertThat(one(c, "select count(*) from crl where crl_number > 0", null))
                    .isNotEqualTo("0");
        }
        assertThat(data.resolve("db")).as("no H2 database beside PostgreSQL").doesNotExist();
    }

    private static X509CRLHolder latestCrl(boolean delta) throws Exception {
        GetLatestCrlRequest request = new GetLatestCrlRequest();
        request.setDelta(delta);
        return new X509CRLHolder(
                registration.getLatestCrl(request).getCrl().getInputStream().readAllBytes());
    }

    private static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static String one(Connection c, String sql, String parameter) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (parameter != null) {
                s.setString(1, parameter);
            }
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static byte[] bytes(Connection c, String sql, String parameter) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getBytes(1);
            }
        }
    }
}
