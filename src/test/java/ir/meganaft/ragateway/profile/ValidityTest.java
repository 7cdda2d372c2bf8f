package ir.meganaft.ragateway.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValidityTest {
    @Test
    void runs_from_five_minutes_before_issuance_for_its_length_in_whole_seconds() {
        CertificateDraft draft = Drafts.of(Drafts.EC);
        new Validity(Duration.ofDays(30)).apply(draft);

        assertThat(draft.notBefore()).isEqualTo(Instant.parse("2025-03-01T10:10:30Z"));
        assertThat(draft.notAfter()).isEqualTo(Instant.parse("2025-03-31T10:15:30Z"));
    }

    @Test
    void a_zero_or_negative_length_stops_the_start() {
        assertThatThrownBy(() -> new Validity(Duration.ZERO)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new Validity(Duration.ofDays(-1))).hasMessageContaining("must be positive");
    }

    @Test
    void within_issuer_cuts_a_validity_back_to_the_issuers_not_after() {
        CertificateDraft draft = Drafts.now(Drafts.EC);
        new Validity(Duration.ofDays(100 * 365)).apply(draft);
        new ValidityWithinIssuer().apply(draft);

        assertThat(draft.notAfter())
                .isEqualTo(Drafts.CA.certificate().getNotAfter().toInstant());
    }

    @Test
    void within_issuer_leaves_a_validity_that_ends_before_the_issuers_alone() {
        CertificateDraft draft = Drafts.now(Drafts.EC);
        new Validity(Duration.ofDays(10)).apply(draft);
        Instant notAfter = draft.notAfter();
        new ValidityWithinIssuer().apply(draft);

        assertThat(draft.notAfter()).isEqualTo(notAfter);
    }

    @Test
    void within_issuer_before_any_validity_is_a_profile_written_in_the_wrong_order() {
        assertThatThrownBy(() -> new ValidityWithinIssuer().apply(Drafts.now(Drafts.EC)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("put Validity first");
    }
}
