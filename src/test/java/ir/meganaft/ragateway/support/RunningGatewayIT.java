package ir.meganaft.ragateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ports in tests: a port chosen free may be taken by another process before Jetty binds it. The
 * start notices (BindException), stops what it started and tries again on other ports.
 */
class RunningGatewayIT {
    @TempDir
    Path folder;

    /** The stand-ins (callback receiver, CPMIS) start through onAFreePort, which knows a taken port when it sees one. */
    @Test
    void a_stand_in_started_on_a_port_another_process_took_is_started_again_on_another() throws Exception {
        try (ServerSocket squatter = new ServerSocket(RunningGateway.freePort())) {
            assertThatThrownBy(() -> CallbackReceiver.startOn(squatter.getLocalPort()))
                    .satisfies(failure -> assertThat(RunningGateway.portTaken(failure))
                            .as("seen as port taken")
                            .isTrue());
            AtomicInteger choices = new AtomicInteger();
            CallbackReceiver receiver = RunningGateway.onAFreePort(
                    port -> CallbackReceiver.startOn(choices.getAndIncrement() == 0 ? squatter.getLocalPort() : port));
            try {
                assertThat(choices).hasValue(2);
                assertThat(receiver.url()).doesNotContain(":" + squatter.getLocalPort() + "/");
            } finally {
                receiver.close();
            }
        }
    }

    @Test
    void a_port_taken_between_its_choice_and_the_bind_is_replaced_and_the_gateway_answers_on_the_next()
            throws Exception {
        try (ServerSocket squatter = new ServerSocket(RunningGateway.freePort())) {
            AtomicInteger choices = new AtomicInteger();
            // the first choice is the squatter's port, as if it had been taken a moment after it was chosen
            try (RunningGateway gateway = RunningGateway.startOn(
                    folder.resolve("data"),
                    () -> choices.getAndIncrement() == 0 ? squatter.getLocalPort() : RunningGateway.freePort(),
                    true,
                    Map.of())) {
                assertThat(choices).hasValue(2);
                assertThat(gateway.port()).isNotEqualTo(squatter.getLocalPort());
                HttpResponse<byte[]> caCertificate = gateway.http()
                        .send(
                                HttpRequest.newBuilder(URI.create(gateway.url("/pki/issuing-ca.cer")))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                assertThat(caCertificate.statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void a_soap_port_taken_before_the_first_start_on_this_data_is_chosen_again_and_kept_for_restarts()
            throws Exception {
        Path data = folder.resolve("data");
        int chosen = RunningGateway.httpsPort(data);
        int kept;
        try (ServerSocket squatter = new ServerSocket(chosen)) {
            try (RunningGateway gateway = RunningGateway.start(data, Map.of())) {
                kept = gateway.httpsPort();
                assertThat(kept).isNotEqualTo(chosen);
                assertThat(gateway.registration()
                                .getCaCertificates(
                                        new ir.meganaft.ragateway.contract.registration.GetCaCertificatesRequest())
                                .getCertificate())
                        .isNotEmpty();
            }
        }
        assertThat(RunningGateway.httpsPort(data))
                .as("a restart listens where clients were told")
                .isEqualTo(kept);
    }

    @Test
    void a_port_the_test_named_is_never_replaced_and_the_failure_names_it() throws Exception {
        try (ServerSocket squatter = new ServerSocket(RunningGateway.freePort())) {
            assertThatThrownBy(() -> RunningGateway.start(folder.resolve("data"), squatter.getLocalPort(), Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + squatter.getLocalPort() + " is taken");
        }
    }
}
