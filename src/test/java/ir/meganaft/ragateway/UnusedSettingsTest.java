package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnusedSettingsTest {
    private final UnusedSettings settings = UnusedSettings.packaged();

    @Test
    void a_misspelt_key_is_reported_and_known_keys_and_open_maps_are_not() {
        assertThat(settings.unusedKeys(Set.of("gateway.http.port", "gateway.notification.timeout-ms",
                "gateway.officers.someone", "gateway.callbacks.NIOC-HR", "gateway.crl.targets.share", "camel.main.name",
                "gateway.home"))).containsExactly("gateway.notification.timeout-ms");
    }

    @Test
    void an_environment_variable_that_names_no_setting_is_reported_with_why() {
        assertThat(settings.unusedEnvironment(Map.of("GATEWAY_HTTP_PORT", "1", "GATEWAY_HTTP_PROT", "1",
                "GATEWAY_CALLBACKS_NIOC_HR", "http://x", "PATH", "/bin", "GATEWAY_NOTIFICATIONS_TIMEOUT_MS", "5")))
                .containsExactly("GATEWAY_CALLBACKS_NIOC_HR (settings under gateway.callbacks. are read from configuration "
                        + "files only: put it in the file named by RA_GATEWAY_CONFIG)", "GATEWAY_HTTP_PROT (no such setting)");
    }
}
