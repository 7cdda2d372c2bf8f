package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnusedSettingsTest {
    private final UnusedSettings settings = UnusedSettings.packaged();

    @Test
    void a_misspelt_key_is_reported_and_known_keys_and_open_maps_are_not() {
        assertThat(settings.unusedKeys(Set.of(
                        "gateway.http.port",
                        "gateway.notification.timeout-ms",
                        "gateway.officers.someone",
                        "gateway.callbacks.NIOC-HR",
                        "gateway.crl.targets.share",
                        "camel.main.name",
                        "gateway.home")))
                .containsExactly("gateway.notification.timeout-ms");
    }

    @Test
    void an_environment_variable_that_names_no_setting_is_reported_with_why() {
        assertThat(settings.unusedEnvironment(Map.of(
                        "GATEWAY_HTTP_PORT",
                        "1",
                        "GATEWAY_HTTP_PROT",
                        "1",
                        "GATEWAY_CALLBACKS_NIOC_HR",
                        "http://x",
                        "PATH",
                        "/bin",
                        "GATEWAY_NOTIFICATIONS_TIMEOUT_MS",
                        "5",
                        "GATEWAY_SETTINGS_CALLERS",
                        "gateway.systems.X.company = Y")))
                .containsExactly(
                        "GATEWAY_CALLBACKS_NIOC_HR (settings under gateway.callbacks. cannot be spelt as a variable "
                                + "name: give them as \"key = value\" lines in a GATEWAY_SETTINGS_* variable, or in the file named by "
                                + "RA_GATEWAY_CONFIG)",
                        "GATEWAY_HTTP_PROT (no such setting)");
    }

    @Test
    void settings_read_by_prefix_come_from_gateway_settings_environment_variables_as_key_value_lines() {
        java.util.Properties read = GatewayApp.environmentSettings(Map.of(
                "GATEWAY_SETTINGS_CALLERS",
                "gateway.systems.NIOC-HR.company = NIOC\ngateway.systems.NIOC-HR.certificate = subject:CN=NIOC-HR,O=NIOC",
                "GATEWAY_SETTINGS_CALLBACKS",
                "gateway.callbacks.NIOC-HR = https://hr.nioc.example/cb",
                "PATH",
                "/bin"));
        assertThat(read)
                .containsEntry("gateway.systems.NIOC-HR.certificate", "subject:CN=NIOC-HR,O=NIOC")
                .containsEntry("gateway.callbacks.NIOC-HR", "https://hr.nioc.example/cb")
                .hasSize(3);
    }
}
