package ir.meganaft.ragateway.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestTypeTest {

    @Test
    void a_revocation_is_never_vetted_paid_issued_or_delivered() {
        for (RequestState from : RequestState.values()) {
            assertThat(RequestType.REVOKE.next(from))
                    .as(from.name())
                    .doesNotContain(
                            RequestState.AWAITING_PAYMENT,
                            RequestState.PENDING_VETTING,
                            RequestState.ISSUED,
                            RequestState.DELIVERED);
        }
    }

    @Test
    void an_issue_or_renewal_never_completes_as_a_revocation_does() {
        for (RequestType type : EnumSet.of(RequestType.ISSUE, RequestType.RENEW)) {
            for (RequestState from : RequestState.values()) {
                assertThat(type.next(from)).as(type + " from " + from).doesNotContain(RequestState.COMPLETED);
            }
        }
    }

    @Test
    void issue_and_renewal_are_vetted_the_same_way_from_receipt_to_delivery() {
        for (RequestState from : RequestState.values()) {
            assertThat(RequestType.RENEW.next(from)).as(from.name()).isEqualTo(RequestType.ISSUE.next(from));
        }
        assertThat(RequestType.ISSUE.allows(RequestState.RECEIVED, RequestState.PENDING_VETTING))
                .isTrue();
        assertThat(RequestType.ISSUE.allows(RequestState.RECEIVED, RequestState.AWAITING_PAYMENT))
                .isTrue();
        assertThat(RequestType.ISSUE.allows(RequestState.AWAITING_PAYMENT, RequestState.PENDING_VETTING))
                .isTrue();
        assertThat(RequestType.ISSUE.allows(RequestState.PENDING_VETTING, RequestState.PENDING_APPROVAL))
                .isTrue();
        assertThat(RequestType.ISSUE.allows(RequestState.PENDING_APPROVAL, RequestState.APPROVED))
                .isTrue();
        assertThat(RequestType.ISSUE.allows(RequestState.APPROVED, RequestState.ISSUED))
                .isTrue();
        assertThat(RequestType.ISSUE.allows(RequestState.ISSUED, RequestState.DELIVERED))
                .isTrue();
    }

    @Test
    void vetting_is_never_skipped_neither_at_receipt_nor_after_payment() {
        assertThat(RequestType.ISSUE.allows(RequestState.RECEIVED, RequestState.PENDING_APPROVAL))
                .isFalse();
        assertThat(RequestType.ISSUE.allows(RequestState.RECEIVED, RequestState.APPROVED))
                .isFalse();
        assertThat(RequestType.ISSUE.allows(RequestState.AWAITING_PAYMENT, RequestState.PENDING_APPROVAL))
                .isFalse();
    }

    @Test
    void a_revocation_starts_waiting_for_a_registrar_or_approved_and_is_carried_out_from_approval() {
        assertThat(RequestType.REVOKE.firstStates())
                .containsExactlyInAnyOrder(RequestState.PENDING_APPROVAL, RequestState.APPROVED);
        assertThat(RequestType.ISSUE.firstStates()).containsExactly(RequestState.RECEIVED);
        assertThat(RequestType.REVOKE.allows(RequestState.PENDING_APPROVAL, RequestState.APPROVED))
                .isTrue();
        assertThat(RequestType.REVOKE.allows(RequestState.APPROVED, RequestState.COMPLETED))
                .isTrue();
        assertThat(RequestType.REVOKE.allows(RequestState.APPROVED, RequestState.REJECTED))
                .isTrue();
    }

    @Test
    void any_open_request_may_be_rejected_and_no_final_one_moves() {
        for (RequestType type : RequestType.values()) {
            for (RequestState from : EnumSet.of(RequestState.PENDING_APPROVAL, RequestState.APPROVED)) {
                assertThat(type.allows(from, RequestState.REJECTED))
                        .as(type + " from " + from)
                        .isTrue();
            }
            for (RequestState done : EnumSet.of(
                    RequestState.REJECTED, RequestState.CANCELLED, RequestState.DELIVERED, RequestState.COMPLETED)) {
                assertThat(type.next(done)).as(type + " from " + done).isEmpty();
            }
        }
    }

    @Test
    void the_states_union_is_what_some_kind_allows() {
        for (RequestState from : RequestState.values()) {
            Set<RequestState> union = EnumSet.noneOf(RequestState.class);
            for (RequestType type : RequestType.values()) {
                union.addAll(type.next(from));
            }
            assertThat(from.next()).as(from.name()).isEqualTo(union);
        }
        assertThat(RequestType.allowing(RequestState.APPROVED, RequestState.ISSUED))
                .containsExactlyInAnyOrder(RequestType.ISSUE, RequestType.RENEW);
        assertThat(RequestType.allowing(RequestState.APPROVED, RequestState.COMPLETED))
                .containsExactly(RequestType.REVOKE);
        assertThat(RequestType.allowing(RequestState.ISSUED, RequestState.APPROVED))
                .isEmpty();
    }
}
