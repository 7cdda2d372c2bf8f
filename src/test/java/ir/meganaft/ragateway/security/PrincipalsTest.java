package ir.meganaft.ragateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.support.TestCertificates;
import ir.meganaft.ragateway.support.TestCertificates.Issued;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrincipalsTest {
    static final Issued CA = TestCertificates.ca("CN=Gateway Issuing CA,O=Test");
    static final Issued HR = TestCertificates.client("CN=NIOC-HR,OU=Systems,O=Test", CA);
    static final Issued DRILLING = TestCertificates.client("CN=NIOC-DRILLING,OU=Systems,O=Test", CA);

    @Test
    void maps_a_certificate_by_subject_to_its_system_with_the_systems_it_sees() {
        Principals principals = Principals.fromSettings(
                Map.of(
                        "NIOC-HR.company",
                        "NIOC",
                        "NIOC-HR.certificate",
                        "subject: cn=NIOC-HR, ou=Systems, o=Test",
                        "NIOC-DRILLING.company",
                        "NIOC",
                        "NIOC-DRILLING.sees",
                        "company",
                        "NIOC-DRILLING.certificate",
                        "subject:CN=NIOC-DRILLING,OU=Systems,O=Test",
                        "NIDC-ERP.company",
                        "NIDC",
                        "NIDC-ERP.certificate",
                        "san:dns:erp.nidc.example"),
                Map.of(),
                Map.of(),
                Map.of());
        Caller hr = principals.callerFor(HR.certificate()).orElseThrow();
        assertThat(hr).isInstanceOf(Caller.BackOfficeSystem.class);
        assertThat(hr.sees("NIOC-HR")).isTrue();
        assertThat(hr.sees("NIOC-DRILLING")).isFalse();
        Caller drilling = principals.callerFor(DRILLING.certificate()).orElseThrow();
        assertThat(drilling.sees("NIOC-HR")).isTrue();
        assertThat(drilling.sees("NIDC-ERP")).isFalse();
    }

    @Test
    void a_fingerprint_mapping_wins_over_a_subject_mapping_and_officers_carry_their_roles() {
        Principals principals = Principals.fromSettings(
                Map.of(),
                Map.of(
                        "registrar-1.roles",
                        "REGISTRAR, intake_officer",
                        "registrar-1.certificate",
                        "sha256:"
                                + CertificateMatch.fingerprint(HR.certificate()).toUpperCase()),
                Map.of(),
                Map.of("cpmis.certificate", "subject:CN=NIOC-HR,OU=Systems,O=Test"));
        assertThat(principals.callerFor(HR.certificate()))
                .contains(new Caller.Officer("registrar-1", java.util.Set.of(RaRole.REGISTRAR, RaRole.INTAKE_OFFICER)));
        assertThat(principals.officers().rolesOf("registrar-1")).contains(RaRole.REGISTRAR);
        assertThat(principals.callerFor(DRILLING.certificate())).isEmpty();
    }

    @Test
    void a_mistake_in_the_settings_stops_the_start_with_the_setting_named() {
        assertThatThrownBy(
                        () -> Principals.fromSettings(Map.of("NIOC-HR.company", "NIOC"), Map.of(), Map.of(), Map.of()))
                .hasMessageContaining("gateway.systems.NIOC-HR.certificate is missing");
        assertThatThrownBy(() ->
                        Principals.fromSettings(Map.of(), Map.of("intake-1", "INTAKE_OFFICER"), Map.of(), Map.of()))
                .hasMessageContaining("gateway.officers.intake-1 is not understood");
        assertThatThrownBy(() -> Principals.fromSettings(
                        Map.of(),
                        Map.of("x.roles", "JANITOR", "x.certificate", "sha256:" + "a".repeat(64)),
                        Map.of(),
                        Map.of()))
                .hasMessageContaining("no role JANITOR");
        assertThatThrownBy(() -> Principals.fromSettings(Map.of(), Map.of(), Map.of("a.certificate", "cn=x"), Map.of()))
                .hasMessageContaining("expected sha256:, subject: or san:");
        assertThatThrownBy(() -> Principals.fromSettings(
                        Map.of(),
                        Map.of(),
                        Map.of("a.certificate", "subject:CN=x"),
                        Map.of("b.certificate", "subject:cn=x")))
                .hasMessageContaining("maps the same certificate as");
        assertThatThrownBy(() -> Principals.fromSettings(
                        Map.of("S.company", "C", "S.certificate", "subject:CN=s", "S.sees", "everyone"),
                        Map.of(),
                        Map.of(),
                        Map.of()))
                .hasMessageContaining("must be own or company");
    }
}
