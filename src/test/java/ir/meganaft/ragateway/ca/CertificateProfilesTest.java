package ir.meganaft.ragateway.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Named certificate profiles read from settings: each sets what it lists and inherits the rest from the default. */
class CertificateProfilesTest {
    private static final Map<String, String> DEFAULT = Map.of(
            "gateway.profile.name", "meganaft-subscriber",
            "gateway.profile.validity-days", "730",
            "gateway.profile.key-usage", "digitalSignature,nonRepudiation,keyEncipherment",
            "gateway.profile.extended-key-usage", "clientAuth,emailProtection",
            "gateway.profile.policy-oid", "2.25.1",
            "gateway.profile.crl-url", "http://ca.example/crl");

    private static CertificateProfiles profiles(Map<String, String> named) {
        Map<String, String> all = new java.util.HashMap<>(DEFAULT);
        named.forEach((k, v) -> all.put("gateway.profiles." + k, v));
        return CertificateProfiles.from(k -> Optional.ofNullable(all.get(k)), "gateway.", named.keySet());
    }

    @Test
    void a_named_profile_sets_what_it_lists_and_inherits_the_rest_from_the_default() {
        CertificateProfiles profiles = profiles(Map.of(
                "tls-client.extended-key-usage",
                "clientAuth",
                "tls-client.validity-days",
                "365",
                "tls-client.applicant-kinds",
                "organization"));

        CertificateProfiles.Named tls = profiles.find("tls-client").orElseThrow();
        assertThat(tls.profile().extendedKeyUsage()).containsExactly("clientAuth");
        assertThat(tls.profile().validity()).isEqualTo(Duration.ofDays(365));
        assertThat(tls.profile().keyUsage()).containsExactly("digitalSignature", "nonRepudiation", "keyEncipherment");
        assertThat(tls.profile().crlUrl()).isEqualTo("http://ca.example/crl");
        assertThat(tls.serves("ORGANIZATION")).isTrue();
        assertThat(tls.serves("INDIVIDUAL")).isFalse();
    }

    @Test
    void blank_or_a_default_name_picks_the_default_profile_and_an_unknown_name_none() {
        CertificateProfiles profiles = profiles(Map.of("seal.key-usage", "digitalSignature"));

        assertThat(profiles.find(null).orElseThrow().profile().extendedKeyUsage())
                .containsExactly("clientAuth", "emailProtection");
        assertThat(profiles.find(" ").orElseThrow().name()).isEqualTo("meganaft-subscriber");
        assertThat(profiles.find("meganaft-subscriber").orElseThrow().serves("REPRESENTATIVE"))
                .isTrue();
        assertThat(profiles.find("gold")).isEmpty();
        assertThat(profiles.names()).containsExactly("meganaft-subscriber", "seal");
        assertThat(profiles.applicantKindsByName().get("seal"))
                .isEqualTo(Set.of("INDIVIDUAL", "ORGANIZATION", "REPRESENTATIVE"));
    }

    @Test
    void a_misspelt_profile_key_or_applicant_kind_stops_the_start() {
        assertThatThrownBy(() -> profiles(Map.of("seal.key-usages", "digitalSignature")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown profile key key-usages");
        assertThatThrownBy(() -> profiles(Map.of("seal.applicant-kinds", "COMPANY")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("COMPANY is not an applicant kind");
    }
}
