package ir.meganaft.ragateway.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (ops/grafana/ra-gateway.json) draws only metrics the gateway registers, and
 * every one of the gateway's own. MetricsIT checks the same names on a real /metrics after a walk.
 */
public class DashboardTest {
    static final Path DASHBOARD = Path.of("ops/grafana/ra-gateway.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:ra|camel|jvm|process|system)_[a-z0-9_]+)\\b");
    private static final Pattern SUFFIX = Pattern.compile("_(bucket|count|sum|max)$");

    /** The family a sample or expression name belongs to: a histogram's _bucket, _count, _sum and _max are its own. */
    public static String family(String name) {
        return SUFFIX.matcher(name).replaceFirst("");
    }

    static List<String> expressions() throws IOException {
        JsonNode root = new ObjectMapper().readTree(DASHBOARD.toFile());
        return root.findValues("expr").stream().map(JsonNode::asText).toList();
    }

    /** Every metric family the dashboard's expressions name. */
    public static Set<String> dashboardFamilies() throws IOException {
        Set<String> families = new TreeSet<>();
        for (String expression : expressions()) {
            Matcher m = METRIC.matcher(expression);
            while (m.find()) {
                families.add(family(m.group(1)));
            }
        }
        return families;
    }

    @Test
    void every_gateway_metric_the_dashboard_draws_is_one_the_gateway_registers() throws IOException {
        Set<String> own = new TreeSet<>(dashboardFamilies());
        own.removeIf(name -> !name.startsWith("ra_"));
        assertThat(MetricNames.prometheusFamilies()).containsAll(own);
    }

    @Test
    void every_metric_the_gateway_registers_has_a_panel() throws IOException {
        assertThat(dashboardFamilies()).containsAll(MetricNames.prometheusFamilies());
    }

    @Test
    void the_dashboard_is_importable_json_with_a_prometheus_data_source_input() throws IOException {
        JsonNode root = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(root.path("__inputs").get(0).path("pluginId").asText()).isEqualTo("prometheus");
        assertThat(root.path("uid").asText()).isEqualTo("meganaft-ra-gateway");
        assertThat(expressions()).isNotEmpty().allSatisfy(e -> assertThat(e).isNotBlank());
    }

    @Test
    void the_management_port_is_on_loopback_by_default_and_apart_from_the_soap_port() throws IOException {
        java.util.Properties defaults = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(Path.of("config/application.properties"))) {
            defaults.load(in);
        }
        assertThat(defaults.getProperty("gateway.management.host")).isEqualTo("127.0.0.1");
        assertThat(defaults.getProperty("gateway.management.port"))
                .isNotEqualTo(defaults.getProperty("gateway.https.port"))
                .isNotEqualTo(defaults.getProperty("gateway.http.port"));
    }
}
