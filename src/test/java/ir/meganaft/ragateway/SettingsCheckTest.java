package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A bad value stops the start with one line naming the key, what is wrong and an example (issue 16, item 5). */
class SettingsCheckTest {
    private static final Properties PACKAGED = SettingsCheck.packaged();

    private static Properties of(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    @Test
    void the_packaged_defaults_pass() {
        assertThatCode(() -> SettingsCheck.check(PACKAGED, new Properties(), List.of(PACKAGED), Map.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void a_port_that_is_not_a_number_is_named_with_an_example() {
        assertThatThrownBy(() -> SettingsCheck.check(
                        PACKAGED, new Properties(), List.of(of("gateway.http.port", "eighty"), PACKAGED), Map.of()))
                .isInstanceOf(SettingsCheck.BadSetting.class)
                .hasMessage(
                        "Setting gateway.http.port = \"eighty\" is not a whole number; for example: gateway.http.port = 8080");
    }

    @Test
    void a_port_out_of_range_from_the_environment_says_which_variable() {
        assertThatThrownBy(() -> SettingsCheck.check(
                        PACKAGED, new Properties(), List.of(PACKAGED), Map.of("GATEWAY_MANAGEMENT_PORT", "70000")))
                .hasMessageContaining(
                        "gateway.management.port = \"70000\" (environment variable GATEWAY_MANAGEMENT_PORT) "
                                + "is not a port number (0 to 65535); for example: gateway.management.port = 9090");
    }

    @Test
    void a_flag_that_is_neither_true_nor_false_and_a_value_with_control_characters_stay_on_one_line() {
        assertThatThrownBy(() -> SettingsCheck.check(
                        PACKAGED, of("gateway.keys.dev.create-if-missing", "yes\nplease"), List.of(PACKAGED), Map.of()))
                .hasMessageContaining(
                        "gateway.keys.dev.create-if-missing = \"yes\\u000aplease\" is neither true nor false")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void an_override_wins_over_a_bad_environment_variable() {
        assertThatCode(() -> SettingsCheck.check(
                        PACKAGED, of("gateway.http.port", "8081"), List.of(PACKAGED), Map.of("GATEWAY_HTTP_PORT", "x")))
                .doesNotThrowAnyException();
    }
}
