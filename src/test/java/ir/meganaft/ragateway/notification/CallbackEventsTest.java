package ir.meganaft.ragateway.notification;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.RequestState;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallbackEventsTest {

    @Test
    void a_caller_hears_of_rejection_payment_due_issuance_and_delivery_by_the_states_name() {
        for (RequestState state : RequestState.values()) {
            boolean told = EnumSet.of(
                            RequestState.REJECTED,
                            RequestState.AWAITING_PAYMENT,
                            RequestState.ISSUED,
                            RequestState.DELIVERED)
                    .contains(state);
            assertThat(CallbackEvents.ofRequestState(state))
                    .as(state.name())
                    .isEqualTo(told ? Optional.of(state.name()) : Optional.empty());
        }
    }

    @Test
    void a_caller_hears_of_revocation_hold_and_release_of_its_certificate() {
        assertThat(CallbackEvents.ofCertificateStatus(CertificateStatus.GOOD, CertificateStatus.REVOKED))
                .contains("REVOKED");
        assertThat(CallbackEvents.ofCertificateStatus(CertificateStatus.ON_HOLD, CertificateStatus.REVOKED))
                .contains("REVOKED");
        assertThat(CallbackEvents.ofCertificateStatus(CertificateStatus.GOOD, CertificateStatus.ON_HOLD))
                .contains("ON_HOLD");
        assertThat(CallbackEvents.ofCertificateStatus(CertificateStatus.ON_HOLD, CertificateStatus.GOOD))
                .contains("HOLD_RELEASED");
        assertThat(CallbackEvents.ofCertificateStatus(CertificateStatus.GOOD, CertificateStatus.GOOD))
                .isEmpty();
    }

    @Test
    void certificate_events_leave_the_requests_state_as_it_is_the_others_name_it() {
        assertThat(CallbackEvents.aboutCertificate("REVOKED")).isTrue();
        assertThat(CallbackEvents.aboutCertificate("ON_HOLD")).isTrue();
        assertThat(CallbackEvents.aboutCertificate("HOLD_RELEASED")).isTrue();
        assertThat(CallbackEvents.aboutCertificate("ISSUED")).isFalse();
    }
}
