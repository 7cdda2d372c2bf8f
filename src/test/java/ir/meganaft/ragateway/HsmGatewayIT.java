package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest;
import ir.meganaft.ragateway.contract.registration.GetCertificateResponse;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.EncodedCertificate;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.SoftHsm;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TokenKeys;
import ir.meganaft.ragateway.support.Walk;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway with its CA and RA keys on a SoftHSM2 token, put there by the key ceremony:
 * issuance, a wrong PIN at start-up, and the token lost and found again while the gateway runs.
 */
class HsmGatewayIT {
    @TempDir
    static Path work;

    static SoftHsm.Token token;
    static SoftHsm.Token neverLoggedIn;
    static TokenKeys.Ceremony ceremony;
    static RunningGateway gateway;
    static RegistrationServicePortType registration;

    static Map<String, String> onToken(SoftHsm.Token t, Path pinFile) {
        return Map.of(
                "gateway.keys.source",
                "pkcs11",
                "gateway.keys.pkcs11.token-label",
                t.label(),
                "gateway.keys.pkcs11.pin-file",
                pinFile.toString(),
                "gateway.keys.dev.create-if-missing",
                "false",
                "gateway.broker.redelivery-delay-ms",
                "100",
                // few deliveries: pausing for the HSM must not count any against a message (issue 11)
                "gateway.broker.max-delivery-attempts",
                "2",
                "gateway.keys.pkcs11.probe-interval-ms",
                "300");
    }

    @BeforeAll
    static void start() throws Exception {
        token = SoftHsm.newToken("it", work);
        neverLoggedIn = SoftHsm.newToken("it-pin", work);
        ceremony = TokenKeys.ceremony(token, work);
        gateway = RunningGateway.start(work.resolve("data"), onToken(token, token.pinFile()));
        registration = gateway.registration();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    static HsmHealth health() {
        return gateway.camel().getRegistry().lookupByNameAndType("hsmHealth", HsmHealth.class);
    }

    static RequestState state(String id) {
        try {
            return registration
                    .getRequestStatus(Requests.status(id))
                    .getRequest()
                    .getState();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitState(String id, RequestState state, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> state(id) == state);
    }

    static String approved() throws Exception {
        String id = registration
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
        new Walk(gateway).vet(id);
        gateway.officer().approveRequest(Requests.approve(id));
        return id;
    }

    static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** The issued certificate, checked by PKIX up to the ceremony's root, through the CA certificate on the token. */
    static X509Certificate verifiedCertificate(String id) throws Exception {
        GetCertificateResponse response = registration.getCertificate(Requests.certificate(id));
        X509Certificate leaf = parse(response.getCertificate().getDer());
        List<X509Certificate> chain = new ArrayList<>();
        for (EncodedCertificate c : response.getChain().getCertificate()) {
            chain.add(parse(c.getDer()));
        }
        assertThat(chain).containsExactlyElementsOf(ceremony.caChain());
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ceremony.root(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(
                        CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, chain.get(0))),
                        parameters);
        return leaf;
    }

    @Test
    void issues_with_the_ca_and_ra_keys_on_the_token_and_the_chain_verifies_up_to_the_root() throws Exception {
        String id = approved();
        awaitState(id, RequestState.ISSUED, Duration.ofSeconds(20));
        X509Certificate leaf = verifiedCertificate(id);
        assertThat(leaf.getIssuerX500Principal())
                .isEqualTo(ceremony.caChain().get(0).getSubjectX500Principal());
        assertThat(registration
                        .getCaCertificates(new GetCaCertificatesRequest())
                        .getCertificate()
                        .get(0)
                        .getDer())
                .isEqualTo(ceremony.caChain().get(0).getEncoded());
        assertThat(health().isUp()).isTrue();
        assertThat(health().status()).extracting(HsmHealth.KeyStatus::key).containsExactly("ca", "ra");

        // revoke it: the RA signs the rr on the token, and the CRL is signed by the CA key on the token
        var revoke = new ir.meganaft.ragateway.contract.officer.RevokeByRaRequest();
        revoke.setOfficer(Requests.officer(RunningGateway.REGISTRAR));
        var reference = new ir.meganaft.ragateway.contract.types.CertificateReference();
        reference.setRequestId(id);
        revoke.setCertificate(reference);
        revoke.setReason(ir.meganaft.ragateway.contract.types.RevocationReason.KEY_COMPROMISE);
        revoke.setRemarks("token reported stolen");
        gateway.officer().revokeByRa(revoke);
        var crlRequest = new ir.meganaft.ragateway.contract.registration.GetLatestCrlRequest();
        crlRequest.setDelta(true);
        org.bouncycastle.cert.X509CRLHolder delta = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(
                        () -> new org.bouncycastle.cert.X509CRLHolder(registration
                                .getLatestCrl(crlRequest)
                                .getCrl()
                                .getInputStream()
                                .readAllBytes()),
                        crl -> crl.getRevokedCertificate(leaf.getSerialNumber()) != null);
        assertThat(delta.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                        .build(ceremony.caChain().get(0))))
                .as("signed by the CA key on the token")
                .isTrue();
    }

    @Test
    void keeps_approved_requests_queued_while_the_token_is_away_and_issues_them_with_the_same_keys_when_it_is_back()
            throws Exception {
        String before = approved();
        awaitState(before, RequestState.ISSUED, Duration.ofSeconds(20));

        Path away = token.takeAway();
        List<String> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                waiting.add(approved());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> !health().isUp());
            assertThat(health().summary()).startsWith("HSM DOWN");
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> waiting.stream().allMatch(id -> state(id) == RequestState.APPROVED));
        } finally {
            token.bringBack(away);
        }

        for (String id : waiting) {
            awaitState(id, RequestState.ISSUED, Duration.ofSeconds(30));
            verifiedCertificate(id);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> health().isUp());
        assertThat(gateway.queuedBodies("ra.issuance.dead-letters"))
                .as("no approval was dead-lettered while the HSM was away")
                .isEmpty();
        assertThat(gateway.queuedBodies("DLQ")).isEmpty();
        assertThat(registration
                        .getCaCertificates(new GetCaCertificatesRequest())
                        .getCertificate()
                        .get(0)
                        .getDer())
                .as("the CA key and certificate are those of the ceremony")
                .isEqualTo(ceremony.caChain().get(0).getEncoded());
    }

    @Test
    void refuses_to_start_with_a_wrong_pin_and_says_which_token() throws Exception {
        Path wrongPin = SoftHsm.writeSecret(work.resolve("wrong.pin"), "not-the-pin");
        Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class,
                () -> RunningGateway.start(work.resolve("data-wrong-pin"), onToken(neverLoggedIn, wrongPin)));
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        assertThat(messages)
                .anySatisfy(m -> assertThat(m)
                        .contains("token '" + neverLoggedIn.label() + "'")
                        .contains("refused the PIN"));
    }
}
