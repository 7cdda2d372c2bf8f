package ir.meganaft.ragateway.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.RequestType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallbackAddressesTest {
    static final CallbackAddresses ADDRESSES = new CallbackAddresses(
            Map.of("NIOC-HR", "https://hr.nioc.example/ra-callbacks", "BLANK", " "),
            Map.of(
                    "NIOC-HR",
                    "https://hr-dr.nioc.example:8443/ra/, http://10.0.0.7:9000/callbacks",
                    "ONLY-PREFIXES",
                    "https://only.example/callbacks"));

    static void assertRefused(String system, String replyTo) {
        assertThatThrownBy(() -> ADDRESSES.requireAllowed(system, replyTo))
                .as(system + " " + replyTo)
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(FaultCode.REPLY_TO_NOT_ALLOWED);
                    assertThat(e.field()).isEqualTo("header/replyTo");
                    assertThat(e.requestId()).isNull();
                });
    }

    static CertificateRequest request(String system, String replyTo) {
        return new CertificateRequest(
                "a-request",
                system,
                "client-1",
                "hash",
                RequestType.ISSUE,
                null,
                null,
                RequestState.ISSUED,
                null,
                null,
                null,
                null,
                null,
                replyTo,
                null,
                null,
                null,
                null,
                null,
                null,
                Instant.EPOCH,
                Instant.EPOCH);
    }

    @Test
    void a_reply_to_under_any_registered_prefix_or_the_default_address_is_allowed() {
        for (String replyTo : new String[] {
            "https://hr.nioc.example/ra-callbacks",
            "https://hr.nioc.example/ra-callbacks/42",
            "https://hr-dr.nioc.example:8443/ra/callbacks",
            "http://10.0.0.7:9000/callbacks/x?y=1"
        }) {
            assertThatCode(() -> ADDRESSES.requireAllowed("NIOC-HR", replyTo))
                    .as(replyTo)
                    .doesNotThrowAnyException();
        }
        assertThatCode(() -> ADDRESSES.requireAllowed("ONLY-PREFIXES", "https://only.example/callbacks/a"))
                .doesNotThrowAnyException();
    }

    @Test
    void no_reply_to_is_always_allowed_even_for_a_system_with_nothing_registered() {
        assertThatCode(() -> ADDRESSES.requireAllowed("UNKNOWN", null)).doesNotThrowAnyException();
        assertThatCode(() -> ADDRESSES.requireAllowed("UNKNOWN", "  ")).doesNotThrowAnyException();
    }

    @Test
    void a_reply_to_outside_the_systems_registered_addresses_is_refused() {
        for (String replyTo : new String[] {
            "https://hr.nioc.example/other",
            "https://hr.nioc.example/ra-callbacks-evil",
            "https://hr-dr.nioc.example/ra/callbacks",
            "http://10.0.0.7:9001/callbacks",
            "https://10.0.0.7:9000/callbacks",
            "http://hr.nioc.example@evil.com/ra-callbacks",
            "https://hr.nioc.example.evil.com/ra-callbacks",
            "file:///etc/passwd",
            "ftp://hr.nioc.example/ra-callbacks",
            "https://only.example/callbacks",
            "https://hr.nioc.example/ra-callbacks/../admin",
            "not a url"
        }) {
            assertRefused("NIOC-HR", replyTo);
        }
    }

    @Test
    void another_systems_addresses_are_not_this_systems() {
        assertRefused("ONLY-PREFIXES", "https://hr.nioc.example/ra-callbacks");
    }

    @Test
    void a_system_with_nothing_registered_cannot_name_a_reply_to() {
        assertRefused("UNKNOWN", "https://hr.nioc.example/ra-callbacks");
        assertRefused("BLANK", "https://hr.nioc.example/ra-callbacks");
    }

    @Test
    void callbacks_go_to_the_registered_reply_to_else_the_default_address_else_nowhere() {
        assertThat(ADDRESSES.of(request("NIOC-HR", "https://hr-dr.nioc.example:8443/ra/x")))
                .contains("https://hr-dr.nioc.example:8443/ra/x");
        assertThat(ADDRESSES.of(request("NIOC-HR", null))).contains("https://hr.nioc.example/ra-callbacks");
        assertThat(ADDRESSES.of(request("ONLY-PREFIXES", null))).isEmpty();
        assertThat(ADDRESSES.of(request("UNKNOWN", null))).isEmpty();
    }

    @Test
    void at_delivery_a_reply_to_no_longer_registered_is_not_called() {
        assertThat(ADDRESSES.of(request("NIOC-HR", "https://moved.nioc.example/ra-callbacks")))
                .as("the system's default address instead")
                .contains("https://hr.nioc.example/ra-callbacks");
        assertThat(ADDRESSES.of(request("ONLY-PREFIXES", "https://only.example/elsewhere")))
                .isEqualTo(Optional.empty());
        assertThat(ADDRESSES.of(request("UNKNOWN", "http://169.254.169.254/latest/meta-data/")))
                .isEmpty();
        assertThat(ADDRESSES.of(request("NIOC-HR", "http://hr.nioc.example@evil.com/ra-callbacks")))
                .contains("https://hr.nioc.example/ra-callbacks");
    }

    @Test
    void an_unusable_registered_address_stops_the_start_naming_its_setting() {
        assertThatThrownBy(() -> new CallbackAddresses(Map.of("NIOC-HR", "ftp://hr.nioc.example/x"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.callbacks.NIOC-HR");
        assertThatThrownBy(() -> new CallbackAddresses(Map.of(), Map.of("NIOC-HR", "https://ok.example/, http://a@b/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.callback-prefixes.NIOC-HR");
        assertThatThrownBy(() -> new CallbackAddresses(Map.of(), Map.of("NIOC-HR", "https://ok.example/?q=1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query");
    }
}
