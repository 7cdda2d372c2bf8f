package ir.meganaft.ragateway;

import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.intake.IntakeService;
import ir.meganaft.ragateway.intake.Submission;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.ChannelDetails;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that should be on a queue but are not (the gateway died between storing and queuing, or a
 * message was consumed without the request moving on) are queued again; those still waiting are not.
 */
class RecoveryIT {
    static Submission.Document document(String type) {
        return new Submission.Document(type, "APPLICANT", "N-1", null, null, null, null, null, null);
    }

    /** The intake step alone: a request stored as RECEIVED and no message sent, as after a crash between the two. */
    static String storedButNeverQueued(RunningGateway gateway) {
        IntakeService intake = gateway.camel().getRegistry().lookupByNameAndType("intake", IntakeService.class);
        Applicant ali = new Applicant(
                ApplicantKind.INDIVIDUAL,
                "Ali",
                "Rezaei",
                null,
                null,
                Requests.NATIONAL_CODE,
                null,
                "ali@example.ir",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        return intake.accept(new Submission(
                        Requests.SYSTEM,
                        Requests.newClientRequestId(),
                        null,
                        null,
                        ali,
                        new ChannelDetails(Channel.OUTSIDE_INDUSTRY, null, null, null, "Tehran office", null),
                        List.of(document("REQUEST_FORM"), document("NATIONAL_CARD"), document("PASSPORT")),
                        TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), TestCsrs.rsa(2048)),
                        null,
                        null,
                        null,
                        null))
                .requestId();
    }

    @TempDir
    Path data;

    @Test
    void a_request_stored_but_never_queued_is_vetted_after_it_has_been_idle() {
        Map<String, String> quickRecovery =
                Map.of("gateway.recovery.idle-seconds", "1", "gateway.recovery.period-seconds", "1");
        try (RunningGateway gateway = RunningGateway.start(data, quickRecovery)) {
            // The intake step alone: stored as RECEIVED, and no message sent, as after a crash between the two.
            String id = storedButNeverQueued(gateway);

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> gateway.registration()
                                    .getRequestStatus(Requests.status(id))
                                    .getRequest()
                                    .getState()
                            == RequestState.AWAITING_PAYMENT);
        }
    }

    @Test
    void a_re_queue_reaches_the_queue_although_the_broker_remembers_the_first_message_id() throws Exception {
        Map<String, String> quickRecovery =
                Map.of("gateway.recovery.idle-seconds", "1", "gateway.recovery.period-seconds", "1");
        try (RunningGateway gateway = RunningGateway.start(data, quickRecovery)) {
            gateway.camel().getRouteController().stopRoute("automatic-vetting");
            String id = gateway.registration()
                    .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                    .getRequestId();
            // The first message (duplicate id vetting:<id>) is taken off the queue and the request does not move
            // on, as when a consumer's work was lost: the broker still remembers that id.
            jakarta.jms.ConnectionFactory jms = gateway.camel()
                    .getRegistry()
                    .lookupByNameAndType("jmsConnectionFactory", jakarta.jms.ConnectionFactory.class);
            try (jakarta.jms.JMSContext context = jms.createContext()) {
                jakarta.jms.Message first = context.createConsumer(context.createQueue("ra.vetting"))
                        .receive(5000);
                org.assertj.core.api.Assertions.assertThat(first.getBody(String.class))
                        .isEqualTo(id);
            }
            gateway.camel().getRouteController().startRoute("automatic-vetting");

            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> gateway.registration()
                                    .getRequestStatus(Requests.status(id))
                                    .getRequest()
                                    .getState()
                            == RequestState.PENDING_VETTING);
        }
    }

    @Test
    void an_approval_waiting_on_the_issuance_queue_is_not_queued_again_however_long_it_waits() throws Exception {
        Map<String, String> pausedIssuance = Map.of(
                "gateway.recovery.idle-seconds",
                "1",
                "gateway.recovery.period-seconds",
                "1",
                "gateway.issuance.auto-startup",
                "false");
        try (RunningGateway gateway = RunningGateway.start(data, pausedIssuance)) {
            String id = gateway.registration()
                    .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                    .getRequestId();
            new ir.meganaft.ragateway.support.Walk(gateway).vet(id);
            gateway.officer().approveRequest(Requests.approve(id));
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> gateway.queuedBodies("ra.issuance").stream()
                                    .filter(id::equals)
                                    .count()
                            == 1);
        }
    }

    @Test
    void a_request_whose_message_waits_out_a_delay_is_not_queued_again_meanwhile() throws Exception {
        Map<String, String> quickRecovery =
                Map.of("gateway.recovery.idle-seconds", "1", "gateway.recovery.period-seconds", "1");
        try (RunningGateway gateway = RunningGateway.start(data, quickRecovery)) {
            gateway.camel().getRouteController().stopRoute("automatic-vetting");
            String id = storedButNeverQueued(gateway);
            // its one message is held back by the broker (as in a redelivery backoff), where a browser does not see it
            jakarta.jms.ConnectionFactory jms = gateway.camel()
                    .getRegistry()
                    .lookupByNameAndType("jmsConnectionFactory", jakarta.jms.ConnectionFactory.class);
            try (jakarta.jms.JMSContext context = jms.createContext()) {
                // Artemis's scheduled delivery (the pooled factory refuses JMS delivery delays); the request id
                // property as the gateway sets it on every vetting message, which the management API lists
                context.createProducer()
                        .setProperty("_AMQ_SCHED_DELIVERY", System.currentTimeMillis() + 4000)
                        .setProperty(ir.meganaft.ragateway.messaging.BrokerConnection.REQUEST_ID, id)
                        .send(context.createQueue("ra.vetting"), id);
            }
            // once the delay is over, exactly that one message waits: the sweeps meanwhile added no copy
            await().pollDelay(Duration.ofSeconds(6))
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> gateway.queuedBodies("ra.vetting").stream()
                                    .filter(id::equals)
                                    .count()
                            >= 1);
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> gateway.queuedBodies("ra.vetting").stream()
                                    .filter(id::equals)
                                    .count()
                            == 1);
        }
    }
}
