package ir.meganaft.ragateway.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallbackUrlTest {
    static final String PREFIX = "https://allowed.example/callbacks";

    static boolean under(String address, String prefix) throws CallbackUrl.Unusable {
        return CallbackUrl.parse(address).isUnder(CallbackUrl.prefix(prefix));
    }

    @Test
    void an_address_at_or_below_the_prefix_path_on_the_same_origin_is_under_it() throws Exception {
        for (String address : new String[] {
            "https://allowed.example/callbacks",
            "https://allowed.example/callbacks/",
            "https://allowed.example/callbacks/hr/42",
            "https://ALLOWED.example/callbacks/hr",
            "HTTPS://allowed.example/callbacks",
            "https://allowed.example:443/callbacks/hr",
            "https://allowed.example/callbacks/hr?request=42",
            "  https://allowed.example/callbacks/hr  ",
            "https://allowed.example/call%62acks/hr"
        }) {
            assertThat(under(address, PREFIX)).as(address).isTrue();
        }
    }

    @Test
    void a_trailing_slash_on_the_prefix_changes_nothing() throws Exception {
        assertThat(under("https://allowed.example/callbacks", PREFIX + "/")).isTrue();
        assertThat(under("https://allowed.example/callbacks/hr", PREFIX + "/")).isTrue();
        assertThat(under("https://allowed.example/callbacks-evil", PREFIX + "/"))
                .isFalse();
    }

    @Test
    void a_prefix_without_a_path_covers_its_whole_origin() throws Exception {
        assertThat(under("http://127.0.0.1:8080/anything/at/all", "http://127.0.0.1:8080"))
                .isTrue();
        assertThat(under("http://127.0.0.1:8080", "http://127.0.0.1:8080/")).isTrue();
        assertThat(under("http://127.0.0.1:8081/anything", "http://127.0.0.1:8080/"))
                .isFalse();
    }

    @Test
    void another_scheme_host_or_port_is_not_under_the_prefix() throws Exception {
        for (String address : new String[] {
            "http://allowed.example/callbacks",
            "https://allowed.example:8443/callbacks",
            "https://allowed.example.evil.com/callbacks",
            "https://evil.com/callbacks",
            "https://sub.allowed.example/callbacks",
            "https://allowed.example./callbacks",
            "https://127.0.0.1/callbacks"
        }) {
            assertThat(under(address, PREFIX)).as(address).isFalse();
        }
    }

    @Test
    void a_path_that_only_starts_with_the_same_letters_or_goes_elsewhere_is_not_under_the_prefix() throws Exception {
        for (String address : new String[] {
            "https://allowed.example/callbacks-evil",
            "https://allowed.example/callbacksx/hr",
            "https://allowed.example/Callbacks/hr",
            "https://allowed.example/",
            "https://allowed.example",
            "https://allowed.example/other/callbacks"
        }) {
            assertThat(under(address, PREFIX)).as(address).isFalse();
        }
    }

    @Test
    void the_default_port_is_the_same_port_written_or_not() throws Exception {
        assertThat(under("http://allowed.example:80/callbacks", "http://allowed.example/callbacks"))
                .isTrue();
        assertThat(under("http://allowed.example/callbacks", "http://allowed.example:80/callbacks"))
                .isTrue();
        assertThat(under("https://allowed.example/callbacks", "https://allowed.example:443/callbacks"))
                .isTrue();
        assertThat(under("http://allowed.example:443/callbacks", "http://allowed.example/callbacks"))
                .isFalse();
    }

    @Test
    void schemes_other_than_http_and_https_are_unusable() {
        for (String address : new String[] {
            "file:///etc/passwd",
            "file:/etc/passwd",
            "ftp://allowed.example/callbacks",
            "jar:file:/x.jar!/",
            "gopher://allowed.example:70/_x",
            "mailto:ra@allowed.example",
            "javascript:alert(1)",
            "ldap://allowed.example/callbacks"
        }) {
            assertThatThrownBy(() -> CallbackUrl.parse(address)).as(address).isInstanceOf(CallbackUrl.Unusable.class);
        }
    }

    @Test
    void user_info_is_unusable_however_it_is_written() {
        for (String address : new String[] {
            "http://allowed.example@evil.com/callbacks",
            "https://allowed.example:443@evil.com/callbacks",
            "https://user:secret@allowed.example/callbacks",
            "https://@allowed.example/callbacks"
        }) {
            assertThatThrownBy(() -> CallbackUrl.parse(address))
                    .as(address)
                    .isInstanceOf(CallbackUrl.Unusable.class)
                    .hasMessageContaining("user info");
        }
    }

    @Test
    void dot_segments_encoded_slashes_fragments_and_relative_or_hostless_addresses_are_unusable() {
        for (String address : new String[] {
            "https://allowed.example/callbacks/../admin",
            "https://allowed.example/callbacks/./hr",
            "https://allowed.example/callbacks/%2e%2e/admin",
            "https://allowed.example/callbacks/%2E./admin",
            "https://allowed.example/callbacks/..;/admin",
            "https://allowed.example/callbacks%2f..%2fadmin",
            "https://allowed.example/callbacks/%5c../admin",
            "https://allowed.example/callbacks#@evil.com",
            "/callbacks",
            "allowed.example/callbacks",
            "https:///callbacks",
            "https://allowed.example%2eevil.com/callbacks",
            "https://allowed.example/callbacks\\..\\admin",
            "http://allowed.example:0/callbacks",
            "",
            "   ",
            "not a url",
            "https://allowed.example/call backs"
        }) {
            assertThatThrownBy(() -> CallbackUrl.parse(address)).as(address).isInstanceOf(CallbackUrl.Unusable.class);
        }
    }

    @Test
    void a_registered_prefix_cannot_have_a_query_but_a_default_address_may() throws Exception {
        assertThatThrownBy(() -> CallbackUrl.prefix("https://allowed.example/callbacks?system=hr"))
                .isInstanceOf(CallbackUrl.Unusable.class)
                .hasMessageContaining("query");
        CallbackUrl withQuery = CallbackUrl.parse("https://allowed.example/callbacks?system=hr");
        assertThat(CallbackUrl.parse("https://allowed.example/callbacks/hr").isUnder(withQuery.asPrefix()))
                .isTrue();
    }

    @Test
    void ip_literals_compare_as_written() throws Exception {
        assertThat(under("http://[::1]:9000/callbacks/x", "http://[::1]:9000/callbacks"))
                .isTrue();
        assertThat(under("http://[::1]:9000/callbacks/x", "http://127.0.0.1:9000/callbacks"))
                .isFalse();
        assertThat(under("http://2130706433:9000/callbacks/x", "http://127.0.0.1:9000/callbacks"))
                .isFalse();
    }

    @Test
    void the_reason_names_the_rule_not_the_address() {
        assertThatThrownBy(() -> CallbackUrl.parse("ftp://secret-host.example/x"))
                .isInstanceOf(CallbackUrl.Unusable.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-host"));
    }
}
