package ir.meganaft.ragateway.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateRequestTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final Applicant ALI = new Applicant(
            ApplicantKind.INDIVIDUAL,
            "علی",
            "رضایی",
            "Ali",
            "Rezaei",
            "0499370899",
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
    private static final ChannelDetails INSIDE =
            new ChannelDetails(Channel.INSIDE_INDUSTRY, "NIOC", "R&D", "contracts", null, null);
    private static final CertificateRequest.Csr CSR =
            new CertificateRequest.Csr(new byte[] {1}, "KEY-1", "CN=Ali Rezaei");

    private static CertificateRequest original() {
        return CertificateRequest.issue(
                new CertificateRequest.Sender("NIOC-HR", "c-1", "op", "https://hr.example/cb"),
                "HASH",
                ALI,
                INSIDE,
                CSR,
                "meganaft-subscriber",
                "first",
                AT);
    }

    @Test
    void an_issue_request_is_received_with_what_its_sender_asked_and_nothing_else() {
        CertificateRequest r = original();

        assertThat(r.id()).isNotBlank();
        assertThat(r.type()).isEqualTo(RequestType.ISSUE);
        assertThat(r.state()).isEqualTo(RequestState.RECEIVED);
        assertThat(r.callerSystemId()).isEqualTo("NIOC-HR");
        assertThat(r.clientRequestId()).isEqualTo("c-1");
        assertThat(r.callerOperator()).isEqualTo("op");
        assertThat(r.replyTo()).isEqualTo("https://hr.example/cb");
        assertThat(r.contentHash()).isEqualTo("HASH");
        assertThat(r.publicKeySha256()).isEqualTo("KEY-1");
        assertThat(r.requestedSubject()).isEqualTo("CN=Ali Rezaei");
        assertThat(r.receivedAt()).isEqualTo(AT).isEqualTo(r.updatedAt());
        assertThat(r.targetSerial()).isNull();
        assertThat(r.requestedRevocation()).isNull();
        assertThat(r.delivery()).isNull();
        assertThat(r.rejectionCode()).isNull();
        assertThat(original().id()).isNotEqualTo(r.id());
    }

    @Test
    void a_renewal_carries_the_vetted_subject_and_without_its_own_reply_to_the_originals() {
        CertificateRequest origin = original();
        CertificateRequest.Csr newKey = new CertificateRequest.Csr(new byte[] {2}, "KEY-2", "CN=Ali Rezaei");

        CertificateRequest renewal = CertificateRequest.renewal(
                new CertificateRequest.Sender("NIOC-HR", "c-2", null, null),
                "HASH-2",
                origin,
                "0A1B",
                newKey,
                "renew",
                AT);

        assertThat(renewal.type()).isEqualTo(RequestType.RENEW);
        assertThat(renewal.state()).isEqualTo(RequestState.RECEIVED);
        assertThat(renewal.applicant()).isEqualTo(ALI);
        assertThat(renewal.channel()).isEqualTo(INSIDE);
        assertThat(renewal.profile()).isEqualTo("meganaft-subscriber");
        assertThat(renewal.publicKeySha256()).isEqualTo("KEY-2");
        assertThat(renewal.targetSerial()).isEqualTo("0A1B");
        assertThat(renewal.replyTo()).isEqualTo("https://hr.example/cb");
        assertThat(CertificateRequest.renewal(
                                new CertificateRequest.Sender("NIOC-HR", "c-3", null, "https://hr.example/new"),
                                "H",
                                origin,
                                "0A1B",
                                newKey,
                                null,
                                AT)
                        .replyTo())
                .isEqualTo("https://hr.example/new");
    }

    @Test
    void a_revocation_names_its_certificate_and_reason_and_starts_only_where_a_revocation_may() {
        CertificateRequest origin = original();
        Revocation wanted = new Revocation("keyCompromise", null, null);

        CertificateRequest revocation = CertificateRequest.revocation(
                new CertificateRequest.Sender("NIOC-HR", "c-4", null, null),
                "HASH-4",
                origin,
                "0A1B",
                wanted,
                RequestState.APPROVED,
                "at once",
                AT);

        assertThat(revocation.type()).isEqualTo(RequestType.REVOKE);
        assertThat(revocation.state()).isEqualTo(RequestState.APPROVED);
        assertThat(revocation.targetSerial()).isEqualTo("0A1B");
        assertThat(revocation.requestedRevocation()).isEqualTo(wanted);
        assertThat(revocation.publicKeySha256()).isEqualTo(origin.publicKeySha256());
        assertThatThrownBy(() -> CertificateRequest.revocation(
                        new CertificateRequest.Sender("NIOC-HR", "c-5", null, null),
                        "H",
                        origin,
                        "0A1B",
                        wanted,
                        RequestState.RECEIVED,
                        null,
                        AT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
