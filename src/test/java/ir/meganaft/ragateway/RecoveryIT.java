package ir.meganaft.ragateway;

import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.intake.IntakeService;
import ir.meganaft.ragateway.intake.Receipt;
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

/** A request stored but never queued (the gateway died in between) is queued again and vetted. */
class RecoveryIT {
    private static Submission.Document document(String type) {
        return new Submission.Document(type, "APPLICANT", "N-1", null, null, null, null, null, null);
    }

    @TempDir
    Path data;

    @Test
    void a_request_stored_but_never_queued_is_vetted_after_it_has_been_idle() {
        Map<String, String> quickRecovery = Map.of("gateway.recovery.idle-seconds", "1", "gateway.recovery.period-seconds", "1");
        try (RunningGateway gateway = RunningGateway.start(data, RunningGateway.freePort(), quickRecovery)) {
            IntakeService intake = gateway.camel().getRegistry().lookupByNameAndType("intake", IntakeService.class);
            Applicant ali = new Applicant(ApplicantKind.INDIVIDUAL, "Ali", "Rezaei", null, null, Requests.NATIONAL_CODE,
                    null, "ali@example.ir", null, null, null, null, null, null, null, null, null, null, null);
            // The intake step alone: stored as RECEIVED, and no message sent, as after a crash between the two.
            Receipt receipt = intake.accept(new Submission(Requests.SYSTEM, Requests.newClientRequestId(), null, null, ali,
                    new ChannelDetails(Channel.OUTSIDE_INDUSTRY, null, null, null, "Tehran office", null), List.of(
                            document("REQUEST_FORM"), document("NATIONAL_CARD"), document("PASSPORT")),
                    TestCsrs.csr(TestCsrs.person("Ali Rezaei", null), TestCsrs.rsa(2048)), null, null, null));

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> gateway.registration().getRequestStatus(Requests.status(receipt.requestId()))
                            .getRequest().getState() == RequestState.AWAITING_PAYMENT);
        }
    }
}
