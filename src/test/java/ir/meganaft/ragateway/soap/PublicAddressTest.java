package ir.meganaft.ragateway.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicAddressTest {
    private static final String LISTENING = "http://127.0.0.1:8080";

    @Test
    void blank_means_the_address_the_gateway_listens_on() {
        assertThat(PublicAddress.origin("", LISTENING)).isEqualTo(LISTENING);
        assertThat(PublicAddress.origin("  ", LISTENING)).isEqualTo(LISTENING);
        assertThat(PublicAddress.origin(null, LISTENING)).isEqualTo(LISTENING);
    }

    @Test
    void an_origin_is_kept_as_given_without_a_trailing_slash() {
        assertThat(PublicAddress.origin("https://ra.meganaft.ir", LISTENING)).isEqualTo("https://ra.meganaft.ir");
        assertThat(PublicAddress.origin("https://ra.meganaft.ir:9443/", LISTENING))
                .isEqualTo("https://ra.meganaft.ir:9443");
        assertThat(PublicAddress.origin(" HTTP://10.1.2.3:8080 ", LISTENING)).isEqualTo("http://10.1.2.3:8080");
        assertThat(PublicAddress.origin("http://[2001:db8::7]:8080", LISTENING)).isEqualTo("http://[2001:db8::7]:8080");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ra.meganaft.ir",
                "ftp://ra.meganaft.ir",
                "https://ra.meganaft.ir/ra",
                "https://ra.meganaft.ir/gateway/",
                "https://ra.meganaft.ir?x=1",
                "https://ra.meganaft.ir#top",
                "https://admin:secret@ra.meganaft.ir",
                "https:///ra",
                "http://ra meganaft.ir"
            })
    void anything_but_an_http_or_https_origin_is_refused_naming_the_setting(String configured) {
        assertThatThrownBy(() -> PublicAddress.origin(configured, LISTENING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.http.public-url");
    }

    @Test
    void a_refused_setting_does_not_echo_a_password_it_carried() {
        assertThatThrownBy(() -> PublicAddress.origin("https://admin:secret@ra.meganaft.ir", LISTENING))
                .hasMessageContaining("user name or password")
                .hasMessageContaining("ra.meganaft.ir")
                .hasMessageNotContaining("secret")
                .hasMessageNotContaining("admin");
    }
}
