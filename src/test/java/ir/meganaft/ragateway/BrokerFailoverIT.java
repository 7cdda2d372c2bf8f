package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.support.GatewayDatabase;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.StandaloneArtemis;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway on a primary/backup pair of standalone Artemis brokers (shared store, the client URL
 * naming both with {@code ha=true}). Approved requests wait on the issuance queue; issuance starts,
 * and a few certificates in the primary is killed with SIGKILL. The backup takes over, the gateway's
 * consumers and senders move to it, approvals made after the kill are queued there, and every
 * acknowledged request ends ISSUED with exactly one certificate (the CA ledger and the store agree,
 * serials distinct): a message whose issuance committed in the database but whose broker
 * acknowledgement died with the primary comes again from the backup and is recognised there.
 */
class BrokerFailoverIT {
    private static final int APPROVED_BEFORE_THE_KILL = 30;
    private static final int APPROVED_AFTER_THE_KILL = 5;

    @TempDir
    Path data;

    @Test
    void after_the_primary_broker_is_killed_during_issuance_every_approved_request_is_issued_once_through_the_backup()
            throws Exception {
        List<String> ids = new ArrayList<>();
        try (StandaloneArtemis pair = StandaloneArtemis.pair()) {
            Map<String, String> settings = new HashMap<>(pair.gatewaySettings());
            settings.put("gateway.issuance.concurrency", "2"); // issuance lasts a few seconds: the kill lands inside it
            settings.put("gateway.recovery.idle-seconds", "3600"); // only the broker brings messages back
            RunningGateway gateway = RunningGateway.start(data, settings);
            try {
                RegistrationServicePortType registration = gateway.registration();
                OfficerServicePortType officer = gateway.officer();
                Walk walk = new Walk(gateway);
                for (int i = 0; i < APPROVED_BEFORE_THE_KILL + APPROVED_AFTER_THE_KILL; i++) {
                    ids.add(registration
                            .submitCertificateRequest(
                                    Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                            .getRequestId());
                }
                for (String id : ids) {
                    walk.vet(id);
                }
                List<String> before = ids.subList(0, APPROVED_BEFORE_THE_KILL);
                List<String> after = ids.subList(APPROVED_BEFORE_THE_KILL, ids.size());
                gateway.camel().getRouteController().stopRoute("issue-certificate");
                for (String id : before) {
                    officer.approveRequest(Requests.approve(id)); // acknowledged: on the primary's journal
                }
                NotifyBuilder someIssued = new NotifyBuilder(gateway.camel())
                        .fromRoute("issue-certificate")
                        .whenCompleted(4)
                        .create();
                gateway.camel().getRouteController().startRoute("issue-certificate");
                assertThat(someIssued.matches(30, TimeUnit.SECONDS))
                        .as("issuance under way")
                        .isTrue();

                pair.primary().kill();
                long issuedAtTheKill = before.stream()
                        .filter(id -> stateOf(registration, id) == RequestState.ISSUED)
                        .count();
                pair.backup().awaitActive();
                for (String id : after) {
                    officer.approveRequest(Requests.approve(id)); // queued on the backup
                }

                for (String id : ids) {
                    await().atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> stateOf(registration, id) == RequestState.ISSUED);
                }
                assertThat(issuedAtTheKill)
                        .as("the kill came in the middle of issuance")
                        .isLessThan(APPROVED_BEFORE_THE_KILL);
                Set<BigInteger> serials = new HashSet<>();
                CertificateFactory x509 = CertificateFactory.getInstance("X.509");
                for (String id : ids) {
                    byte[] der = registration
                            .getCertificate(Requests.certificate(id))
                            .getCertificate()
                            .getDer();
                    serials.add(((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)))
                            .getSerialNumber());
                }
                assertThat(serials).as("distinct serials").hasSize(ids.size());
            } finally {
                gateway.close();
            }
        }
        try (GatewayDatabase database = GatewayDatabase.open(data)) {
            assertThat(database.certificatesAgainstStates())
                    .as("one certificate per issued request, none for others")
                    .isEmpty();
            assertThat(database.ledgerAgainstStore())
                    .as("the CA signed nothing the store does not hold")
                    .isEmpty();
        }
    }

    private static RequestState stateOf(RegistrationServicePortType registration, String id) {
        try {
            return registration
                    .getRequestStatus(Requests.status(id))
                    .getRequest()
                    .getState();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
