package ir.meganaft.ragateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestStateTest {

    @Test
    void a_request_is_approved_from_pending_approval_or_at_once_on_receipt_for_an_immediate_revocation() {
        for (RequestState state : RequestState.values()) {
            assertThat(state.canMoveTo(RequestState.APPROVED))
                    .as(state.name())
                    .isEqualTo(state == RequestState.PENDING_APPROVAL || state == RequestState.RECEIVED);
        }
    }

    @Test
    void only_an_approved_revocation_completes() {
        for (RequestState state : RequestState.values()) {
            assertThat(state.canMoveTo(RequestState.COMPLETED))
                    .as(state.name())
                    .isEqualTo(state == RequestState.APPROVED);
        }
    }

    @Test
    void a_certificate_is_issued_only_for_an_approved_request() {
        for (RequestState state : RequestState.values()) {
            assertThat(state.canMoveTo(RequestState.ISSUED)).as(state.name()).isEqualTo(state == RequestState.APPROVED);
        }
    }

    @Test
    void final_states_go_nowhere() {
        assertThat(RequestState.REJECTED.next()).isEmpty();
        assertThat(RequestState.CANCELLED.next()).isEmpty();
        assertThat(RequestState.DELIVERED.next()).isEmpty();
        assertThat(RequestState.COMPLETED.next()).isEmpty();
        assertThat(RequestState.REJECTED.waitingFor()).isNull();
    }
}
