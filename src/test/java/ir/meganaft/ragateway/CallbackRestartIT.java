package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.notification.NotificationEvent;
import ir.meganaft.ragateway.contract.notification.RequestChangeNotification;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.support.CallbackReceiver;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notification is never lost because the gateway stopped: neither one still in the outbox nor one on the broker. */
class CallbackRestartIT {
    @TempDir
    Path data;

    @Test
    void notifications_written_or_queued_before_a_stop_are_delivered_after_the_restart() throws Exception {
        try (CallbackReceiver backOffice = CallbackReceiver.start()) {
            Map<String, String> settings = Map.of(
                    "gateway.callbacks." + Requests.SYSTEM,
                    backOffice.url(),
                    "gateway.outbox.poll-ms",
                    "100",
                    "gateway.notifications.initial-delay-ms",
                    "100",
                    "gateway.notifications.max-delay-ms",
                    "500",
                    "gateway.notifications.max-attempts",
                    "100");
            String queued;
            String unrelayed;
            try (RunningGateway gateway = RunningGateway.start(data, settings)) {
                Walk walk = new Walk(gateway);
                backOffice.down();
                queued = gateway.registration()
                        .submitCertificateRequest(
                                Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                        .getRequestId();
                walk.vetApproveAndIssue(queued);
                await().atMost(Duration.ofSeconds(10)).until(() -> backOffice.refused() >= 1);

                gateway.camel().getRouteController().stopRoute("relay-outbox"); // the next one stays in the outbox
                unrelayed = gateway.registration()
                        .submitCertificateRequest(
                                Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                        .getRequestId();
                walk.awaitState(unrelayed, RequestState.PENDING_VETTING);
                gateway.officer().rejectRequest(Requests.reject(unrelayed, "documents withdrawn"));
            }
            backOffice.up();
            try (RunningGateway restarted = RunningGateway.start(data, settings)) {
                List<RequestChangeNotification> issued = await().atMost(Duration.ofSeconds(15))
                        .until(() -> backOffice.receivedFor(queued), l -> !l.isEmpty());
                List<RequestChangeNotification> rejected = await().atMost(Duration.ofSeconds(15))
                        .until(() -> backOffice.receivedFor(unrelayed), l -> !l.isEmpty());
                assertThat(issued)
                        .extracting(RequestChangeNotification::getEvent)
                        .containsExactly(NotificationEvent.ISSUED);
                assertThat(rejected)
                        .extracting(RequestChangeNotification::getEvent)
                        .containsExactly(NotificationEvent.REJECTED);
            }
        }
    }

    @Test
    void a_reply_to_registered_at_submission_but_not_at_delivery_is_not_called_and_the_default_address_is()
            throws Exception {
        try (CallbackReceiver usual = CallbackReceiver.start();
                CallbackReceiver withdrawn = CallbackReceiver.start()) {
            Map<String, String> registered = Map.of(
                    "gateway.callbacks." + Requests.SYSTEM,
                    usual.url(),
                    "gateway.callback-prefixes." + Requests.SYSTEM,
                    withdrawn.url(),
                    "gateway.outbox.poll-ms",
                    "100");
            String id;
            try (RunningGateway gateway = RunningGateway.start(data, registered)) {
                var request = Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
                request.getHeader().setReplyTo(withdrawn.url());
                id = gateway.registration().submitCertificateRequest(request).getRequestId();
                new Walk(gateway).awaitState(id, RequestState.PENDING_VETTING);
            }
            // the RA withdraws that address; the system keeps its default one
            Map<String, String> narrowed =
                    Map.of("gateway.callbacks." + Requests.SYSTEM, usual.url(), "gateway.outbox.poll-ms", "100");
            try (RunningGateway restarted = RunningGateway.start(data, narrowed)) {
                restarted.officer().rejectRequest(Requests.reject(id, "documents withdrawn"));
                List<RequestChangeNotification> got =
                        await().atMost(Duration.ofSeconds(15)).until(() -> usual.receivedFor(id), l -> !l.isEmpty());
                assertThat(got)
                        .extracting(RequestChangeNotification::getEvent)
                        .containsExactly(NotificationEvent.REJECTED);
                assertThat(withdrawn.receivedFor(id))
                        .as("the withdrawn address is never called")
                        .isEmpty();
            }
        }
    }
}
