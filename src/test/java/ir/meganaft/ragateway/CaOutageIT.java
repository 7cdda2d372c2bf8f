package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.ManagementPort.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.support.CmpRelay;
import ir.meganaft.ragateway.support.GatewayKeys;
import ir.meganaft.ragateway.support.ManagementPort;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCaNode;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.cmp.CertRepMessage;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway and a CA node over CMP on loopback, with the network between them in the test's hands
 * ({@link CmpRelay}): the CA down, and the CA's answer arriving after the gateway stopped waiting
 * (issue 17, "Bad input": CA unreachable; a response that arrives after a timeout). Either way the
 * request waits, approved, back on its queue (gateway.ca.not-heard-retry-ms) for as long as it takes,
 * never dead-lettered, under the same transactionID (its request id); admins see the CA down and the
 * requests waiting; and the CA issues exactly once.
 */
class CaOutageIT {
    /** Short, so that a held answer outlasts it; the CA node answers a cr on loopback in well under it. */
    private static final int RESPONSE_TIMEOUT_MS = 3000;

    @TempDir
    static Path work;

    static TestCaNode node;
    static CmpRelay network;
    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static Walk walk;
    static ManagementPort management;

    @BeforeAll
    static void start() throws Exception {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        Path data = work.resolve("data");
        X509Certificate ra = GatewayKeys.raCertificate(GatewayKeys.createIn(data, "EC-P256"));
        node = TestCaNode.start(work.resolve("ca-node"), List.of(ra), Map.of());
        network = new CmpRelay(node.cmpUrl());
        gateway = RunningGateway.start(
                data,
                Map.of(
                        "gateway.ca.url",
                        network.url().toString(),
                        "gateway.ca.certificate",
                        node.certificatePem().toString(),
                        "gateway.ca.cmp-signer-certificate",
                        node.cmpSignerPem().toString(),
                        "gateway.ca.response-timeout-ms",
                        Integer.toString(RESPONSE_TIMEOUT_MS),
                        "gateway.ca.not-heard-retry-ms",
                        "500",
                        // fewer deliveries than the outage's tries: waiting must not use them up
                        "gateway.broker.max-delivery-attempts",
                        "2",
                        "gateway.management.check-interval-ms",
                        "500",
                        "gateway.management.database-gauges-seconds",
                        "1"));
        registration = gateway.registration();
        walk = new Walk(gateway);
        management = new ManagementPort(gateway);
    }

    @AfterEach
    void networkDown() {
        network.shut();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (network != null) {
            network.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void while_the_ca_is_unreachable_an_approved_request_waits_is_retried_and_shown_to_admins_then_issued_once()
            throws Exception {
        network.shut();
        double failedBefore = caIssueCalls("error");
        String id = submittedAndVetted();

        gateway.officer().approveRequest(Requests.approve(id));

        // put back on its queue and tried again, more often than the broker's delivery attempts (2)
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> caIssueCalls("error") >= failedBefore + 4);
        assertThat(state(id)).isEqualTo(RequestState.APPROVED);
        assertThat(sum(management.scrape(), "ra_queue_messages", "queue", "ra.issuance.dead-letters"))
                .as("a CA away is not the message's failure: nothing dead-lettered")
                .isZero();
        // what an admin sees: the CA check down (so the gateway is not ready), and the request waiting
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(management.get("/health/ready").body())
                        .containsPattern("\"name\":\"ca\",\"state\":\"DOWN\"[^}]*unreachable"));
        assertThat(management.get("/health/ready").statusCode()).isEqualTo(503);
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sum(management.scrape(), "ra_requests", "state", "APPROVED") >= 1);

        network.open();

        walk.awaitState(id, RequestState.ISSUED);
        assertThat(network.exchanges(id)).as("what the CA answered").hasSize(1);
        assertThat(serialsAnswered(id)).containsExactly(issued(id).getSerialNumber());
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(management.get("/health/ready").body())
                        .containsPattern("\"name\":\"ca\",\"state\":\"UP\""));
    }

    @Test
    void an_answer_that_arrives_after_the_response_timeout_is_retried_with_the_same_transaction_and_issued_once()
            throws Exception {
        network.open();
        network.holdFirstAnswersUntilRetried();
        String id = submittedAndVetted();

        gateway.officer().approveRequest(Requests.approve(id));

        walk.awaitState(id, RequestState.ISSUED);
        List<CmpRelay.Exchange> answered = network.exchanges(id);
        // the CA issued on the first cr; its answer came after the gateway had timed out and sent the cr again
        assertThat(answered).hasSizeGreaterThanOrEqualTo(2);
        assertThat(answered).allMatch(e -> e.requestType() == PKIBody.TYPE_CERT_REQ);
        assertThat(answered.get(0).late()).as("the first answer was late").isTrue();
        assertThat(answered.get(0).answer().getBody().getType()).isEqualTo(PKIBody.TYPE_CERT_REP);
        // every answer to the transaction carries the one certificate the CA signed, the one the gateway stored
        assertThat(serialsAnswered(id)).containsExactly(issued(id).getSerialNumber());
    }

    private static String submittedAndVetted() throws Exception {
        String id = registration
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
        walk.vet(id);
        walk.awaitState(id, RequestState.PENDING_APPROVAL);
        return id;
    }

    private static RequestState state(String id) throws Exception {
        return registration.getRequestStatus(Requests.status(id)).getRequest().getState();
    }

    private static X509Certificate issued(String id) throws Exception {
        byte[] der = registration
                .getCertificate(Requests.certificate(id))
                .getCertificate()
                .getDer();
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** The serials of the certificates in every cp the CA sent for the transaction. */
    private static Set<BigInteger> serialsAnswered(String transactionId) {
        return network.exchanges(transactionId).stream()
                .filter(e -> e.answer().getBody().getType() == PKIBody.TYPE_CERT_REP)
                .map(e -> CertRepMessage.getInstance(e.answer().getBody().getContent())
                        .getResponse()[0]
                        .getCertifiedKeyPair()
                        .getCertOrEncCert()
                        .getCertificate()
                        .getX509v3PKCert()
                        .getSerialNumber()
                        .getValue())
                .collect(Collectors.toSet());
    }

    /** How many times the gateway asked the CA to issue, with this outcome (ok, refused, error). */
    private static double caIssueCalls(String outcome) throws Exception {
        return sum(management.scrape(), "ra_ca_request_seconds_count", "operation", "issue", "outcome", outcome);
    }
}
