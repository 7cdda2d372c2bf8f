package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.contract.types.RevocationReason;
import ir.meganaft.ragateway.support.GatewayKeys;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCaNode;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway with its CA elsewhere (gateway.ca.url): a CA node the test starts in a process of its
 * own, reached by CMP over HTTP on loopback (the node grants no implicit confirmation, so every
 * issuance goes through certConf/pkiConf). A request walked through vetting and approval is issued by the CA node's key; a
 * revocation reaches the CA node's CRL, which the gateway fetches, serves at its own /pki address and
 * pushes to its targets.
 */
class RemoteCaIT {
    @TempDir
    static Path work;

    static TestCaNode node;
    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static Walk walk;
    static Path pushed;

    @BeforeAll
    static void start() throws Exception {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        Path data = work.resolve("data");
        // the gateway's own keys, made before its start, so that the CA node can be told which RA to trust
        X509Certificate raCertificate = GatewayKeys.raCertificate(GatewayKeys.createIn(data, "EC-P256"));
        // two processes: the CA node is started as an operator starts it (java -cp ... CaNode --config ...)
        node = TestCaNode.startProcess(
                work.resolve("ca-node"), List.of(raCertificate), Map.of("grant-implicit-confirm", "false"));
        pushed = Files.createDirectories(work.resolve("pushed"));
        Map<String, String> settings = new java.util.HashMap<>(node.gatewaySettings());
        settings.putAll(Map.of(
                "gateway.crl.check-period-seconds",
                "1",
                "gateway.crl.targets.directory",
                "file:" + pushed,
                "gateway.crl.push.period-seconds",
                "1",
                "gateway.revocation.key-compromise-immediate",
                "true"));
        gateway = RunningGateway.start(data, settings);
        registration = gateway.registration();
        walk = new Walk(gateway);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void an_approved_request_is_issued_by_the_ca_node_and_its_revocation_reaches_the_ca_nodes_crl_served_and_pushed()
            throws Exception {
        String id = registration
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
        walk.vetApproveAndIssue(id);
        byte[] der = registration
                .getCertificate(Requests.certificate(id))
                .getCertificate()
                .getDer();
        X509Certificate issued = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        issued.verify(node.certificate().getPublicKey());
        assertThat(issued.getIssuerX500Principal()).isEqualTo(node.certificate().getSubjectX500Principal());

        var revocation = registration.revokeCertificate(LifecycleIT.revoke(id, RevocationReason.KEY_COMPROMISE));
        walk.awaitState(revocation.getRequestId(), RequestState.COMPLETED);

        assertThat(crl(node.crlUrl()).getRevokedCertificate(issued.getSerialNumber()))
                .as("the CA node's CRL")
                .isNotNull();
        URI served = URI.create("http://127.0.0.1:" + gateway.port() + "/pki/crl/issuing-ca.crl");
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> crl(served).getRevokedCertificate(issued.getSerialNumber()) != null);
        X509CRL relayed = crl(served);
        relayed.verify(node.certificate().getPublicKey());
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(pushed.resolve("issuing-ca.crl"))
                        && java.util.Arrays.equals(
                                Files.readAllBytes(pushed.resolve("issuing-ca.crl")),
                                crl(served).getEncoded()));
    }

    private static X509CRL crl(URI url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(url.toString()).isEqualTo(200);
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(response.body()));
    }
}
