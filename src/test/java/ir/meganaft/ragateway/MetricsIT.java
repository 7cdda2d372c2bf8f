package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.ManagementPort.present;
import static ir.meganaft.ragateway.support.ManagementPort.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.operations.DashboardTest;
import ir.meganaft.ragateway.support.ManagementPort;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.Walk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics after a walk (submit, vet, approve, issued) and a refused request: per-operation counts
 * and latency histograms, faults by code, requests by state, queue depths, the CA's timings, the
 * CRL and key gauges, Camel's route metrics; and every metric the Grafana dashboard draws is there.
 */
class MetricsIT {
    @TempDir
    static Path data;

    static RunningGateway gateway;
    static ManagementPort port;
    static List<ManagementPort.Sample> scrape;

    @BeforeAll
    static void walk() throws Exception {
        gateway = RunningGateway.start(
                data,
                Map.of(
                        "gateway.management.check-interval-ms",
                        "200",
                        "gateway.management.database-gauges-seconds",
                        "1"));
        port = new ManagementPort(gateway);
        RegistrationServicePortType registration = gateway.registration();
        String id = registration
                .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")))
                .getRequestId();
        new Walk(gateway).vetApproveAndIssue(id);
        // refused with UNKNOWN_REQUEST
        assertThatThrownBy(() -> registration.getRequestStatus(
                Requests.status(java.util.UUID.randomUUID().toString())));
        // gauges read from the database on the monitor's schedule, and the first CRL
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    scrape = port.scrape();
                    return sum(scrape, "ra_requests", "state", "ISSUED") >= 1
                            && sum(scrape, "ra_crl_number", "kind", "full") >= 1;
                });
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void counts_and_times_each_soap_operation_of_the_walk_with_a_latency_histogram() {
        for (String operation : List.of(
                "submitCertificateRequest",
                "recordIdentityCheck",
                "recordDocumentCheck",
                "approveRequest",
                "getRequestStatus")) {
            assertThat(sum(scrape, "ra_soap_request_seconds_count", "operation", operation, "outcome", "success"))
                    .as(operation)
                    .isGreaterThanOrEqualTo(1);
            assertThat(present(scrape, "ra_soap_request_seconds_bucket", "operation", operation, "le", "0.1"))
                    .as(operation)
                    .isTrue();
            assertThat(sum(scrape, "ra_soap_request_seconds_sum", "operation", operation))
                    .as(operation)
                    .isPositive();
        }
        assertThat(sum(
                        scrape,
                        "ra_soap_request_seconds_count",
                        "service",
                        "RegistrationService",
                        "operation",
                        "submitCertificateRequest"))
                .isEqualTo(1);
        assertThat(sum(
                        scrape,
                        "ra_soap_request_seconds_count",
                        "service",
                        "OfficerService",
                        "operation",
                        "approveRequest"))
                .isEqualTo(1);
    }

    @Test
    void counts_a_refused_request_as_a_fault_by_its_code() {
        assertThat(sum(
                        scrape,
                        "ra_soap_faults_total",
                        "service",
                        "RegistrationService",
                        "operation",
                        "getRequestStatus",
                        "code",
                        "UNKNOWN_REQUEST"))
                .isEqualTo(1);
        assertThat(sum(scrape, "ra_soap_request_seconds_count", "operation", "getRequestStatus", "outcome", "fault"))
                .isEqualTo(1);
    }

    @Test
    void shows_requests_by_state_issuance_and_the_cas_timing() {
        assertThat(sum(scrape, "ra_requests", "state", "ISSUED")).isEqualTo(1);
        assertThat(present(scrape, "ra_requests", "state", "PENDING_APPROVAL"))
                .as("every state, 0 when none")
                .isTrue();
        assertThat(sum(scrape, "ra_certificates_issued_total")).isEqualTo(1);
        assertThat(sum(scrape, "ra_ca_request_seconds_count", "operation", "issue", "outcome", "ok"))
                .isEqualTo(1);
        assertThat(sum(scrape, "camel_exchanges_total", "routeId", "issue-certificate"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void shows_queue_depths_outbox_keys_crls_and_health() {
        for (String queue : List.of(
                "ra.vetting",
                "ra.issuance",
                "ra.callbacks",
                "ra.cpmis",
                "ra.dead-letters",
                "ra.vetting.dead-letters",
                "ra.issuance.dead-letters",
                "DLQ",
                "ExpiryQueue")) {
            assertThat(present(scrape, "ra_queue_messages", "queue", queue))
                    .as(queue)
                    .isTrue();
        }
        assertThat(sum(scrape, "ra_queue_messages", "queue", "ra.issuance.dead-letters"))
                .isZero();
        assertThat(present(scrape, "ra_outbox_backlog", "channel", "CALLBACK")).isTrue();
        assertThat(sum(scrape, "ra_signing_key_up", "key", "ca", "store", "pkcs12"))
                .isEqualTo(1);
        assertThat(sum(scrape, "ra_signing_key_up", "key", "ra", "store", "pkcs12"))
                .isEqualTo(1);
        assertThat(sum(scrape, "ra_crl_size_bytes", "kind", "full")).isPositive();
        assertThat(sum(scrape, "ra_crl_next_update_seconds", "kind", "full")).isPositive();
        assertThat(sum(scrape, "ra_crl_age_seconds", "kind", "full")).isGreaterThanOrEqualTo(0);
        assertThat(present(scrape, "ra_crl_generation_seconds", "kind", "delta"))
                .isTrue();
        assertThat(sum(scrape, "ra_health_check_status", "check", "database")).isEqualTo(2);
        assertThat(sum(scrape, "ra_ready")).isEqualTo(1);
    }

    @Test
    void every_metric_the_dashboard_draws_is_exposed() throws Exception {
        Set<String> exposed =
                scrape.stream().map(s -> DashboardTest.family(s.name())).collect(Collectors.toSet());
        // failing deliveries and push-target series exist only once there is one; their families are declared
        Set<String> missing = new TreeSet<>(DashboardTest.dashboardFamilies());
        missing.removeAll(exposed);
        missing.removeAll(Set.of("ra_outbox_failing", "ra_crl_push_behind", "ra_crl_push_failed_attempts"));
        assertThat(missing).as("in the dashboard, not on /metrics").isEmpty();
        assertThat(port.get("/metrics").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    }
}
