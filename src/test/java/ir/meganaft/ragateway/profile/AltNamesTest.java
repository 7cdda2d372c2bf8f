package ir.meganaft.ragateway.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.Test;

/** The request's subjectAltName: copied as it is, and held to the kinds of name the profile allows. */
class AltNamesTest {
    private static final GeneralName EMAIL = new GeneralName(GeneralName.rfc822Name, "ali@example.ir");
    private static final GeneralName DNS = new GeneralName(GeneralName.dNSName, "client.naft.example");

    @Test
    void the_requested_alternative_names_are_copied_not_critical() {
        CertificateDraft draft = Drafts.of(Drafts.PERSON, Drafts.EC, Drafts.altNames(EMAIL, DNS));
        new AltNamesFromRequest().apply(draft);

        Extension extension = Drafts.only(draft);
        assertThat(extension.getExtnId()).isEqualTo(Extension.subjectAlternativeName);
        assertThat(extension.isCritical()).isFalse();
        assertThat(GeneralNames.getInstance(extension.getParsedValue()).getNames())
                .containsExactly(EMAIL, DNS);
    }

    @Test
    void no_requested_alternative_name_gives_no_extension() {
        CertificateDraft draft = Drafts.of(Drafts.EC);
        new AltNamesFromRequest().apply(draft);
        assertThat(draft.extensions()).isEmpty();
    }

    @Test
    void permitted_kinds_pass_an_e_mail_and_a_dns_name_and_no_name_at_all() {
        PermittedAltNames tls = PermittedAltNames.of("email, DNS");
        assertThatCode(() -> tls.check(Drafts.PERSON, new GeneralNames(new GeneralName[] {EMAIL, DNS})))
                .doesNotThrowAnyException();
        assertThatCode(() -> tls.check(Drafts.PERSON, null)).doesNotThrowAnyException();
    }

    @Test
    void a_dns_name_in_a_profile_that_allows_only_e_mail_is_refused() {
        assertThatThrownBy(() -> PermittedAltNames.of("email").check(Drafts.PERSON, new GeneralNames(DNS)))
                .isInstanceOf(ProfileViolation.class)
                .hasMessageContaining("the dns name client.naft.example")
                .hasMessageContaining("it allows email");
    }

    @Test
    void none_refuses_every_alternative_name() {
        assertThatThrownBy(() -> PermittedAltNames.of("none").check(Drafts.PERSON, new GeneralNames(EMAIL)))
                .hasMessageContaining("it allows none");
    }

    @Test
    void a_kind_of_name_it_does_not_know_is_refused() {
        GeneralName directory = new GeneralName(Drafts.PERSON);
        assertThatThrownBy(() ->
                        PermittedAltNames.of("email,dns,uri,ip").check(Drafts.PERSON, new GeneralNames(directory)))
                .hasMessageContaining("a name of tag 4");
    }

    @Test
    void an_unknown_kind_stops_the_start() {
        assertThatThrownBy(() -> PermittedAltNames.of("email,upn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown kind of alternative name upn");
    }

    @Test
    void the_draft_hands_the_rule_the_requested_names() {
        CertificateDraft draft = Drafts.of(Drafts.PERSON, Drafts.EC, Drafts.altNames(DNS));
        assertThatThrownBy(() -> PermittedAltNames.of("email").apply(draft)).isInstanceOf(ProfileViolation.class);
    }
}
