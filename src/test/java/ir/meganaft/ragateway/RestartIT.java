package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping and starting the gateway on the same data directory loses nothing. */
class RestartIT {
    @TempDir
    Path data;

    private static void awaitState(RegistrationServicePortType registration, String id, RequestState state) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> registration
                                .getRequestStatus(Requests.status(id))
                                .getRequest()
                                .getState()
                        == state);
    }

    @Test
    void keeps_requests_queued_messages_issued_certificates_and_keys_across_restarts() throws Exception {
        int port;
        String issuedBefore;
        String approvedWhilePaused;
        String pending;
        byte[] caBefore;
        byte[] certificateBefore;

        try (RunningGateway first = RunningGateway.start(data, Map.of())) {
            port = first.port(); // the restarts listen where this one did: the certificates name its CRL address
            RegistrationServicePortType registration = first.registration();
            issuedBefore = registration
                    .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                    .getRequestId();
            new Walk(first).vetApproveAndIssue(issuedBefore);
            certificateBefore = registration
                    .getCertificate(Requests.certificate(issuedBefore))
                    .getCertificate()
                    .getDer();
            caBefore = registration
                    .getCaCertificates(new GetCaCertificatesRequest())
                    .getCertificate()
                    .get(0)
                    .getDer();
        }

        // Issuance paused: the approval is acknowledged and its message waits in the broker's journal.
        try (RunningGateway paused =
                RunningGateway.start(data, port, Map.of("gateway.issuance.auto-startup", "false"))) {
            RegistrationServicePortType registration = paused.registration();
            approvedWhilePaused = registration
                    .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                    .getRequestId();
            pending = registration
                    .submitCertificateRequest(
                            Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                    .getRequestId();
            Walk walk = new Walk(paused);
            walk.vet(approvedWhilePaused);
            walk.vet(pending);
            paused.officer().approveRequest(Requests.approve(approvedWhilePaused));
            assertThat(registration
                            .getRequestStatus(Requests.status(approvedWhilePaused))
                            .getRequest()
                            .getState())
                    .isEqualTo(RequestState.APPROVED);
        }

        try (RunningGateway again = RunningGateway.start(data, port, Map.of())) {
            RegistrationServicePortType registration = again.registration();
            awaitState(registration, approvedWhilePaused, RequestState.ISSUED);
            assertThat(registration
                            .getCertificate(Requests.certificate(issuedBefore))
                            .getCertificate()
                            .getDer())
                    .isEqualTo(certificateBefore);
            assertThat(registration
                            .getCaCertificates(new GetCaCertificatesRequest())
                            .getCertificate()
                            .get(0)
                            .getDer())
                    .as("the development keys are created once")
                    .isEqualTo(caBefore);
            assertThat(registration
                            .getRequestStatus(Requests.status(pending))
                            .getRequest()
                            .getState())
                    .isEqualTo(RequestState.PENDING_APPROVAL);
            again.officer().approveRequest(Requests.approve(pending));
            awaitState(registration, pending, RequestState.ISSUED);
        }
    }
}
