package ir.meganaft.ragateway.operations;

import java.util.List;

/**
 * The gateway's own metric families, as Prometheus names them on /metrics. The Grafana dashboard
 * (ops/grafana/ra-gateway.json) uses exactly these, plus Camel's route metrics and the JVM's;
 * DashboardTest and MetricsIT keep the two from drifting apart.
 */
public final class MetricNames {
    private MetricNames() {}

    /** Per SOAP operation: a timer (histogram) with service, operation and outcome (success, fault). */
    public static final String SOAP_REQUEST = "ra.soap.request";
    /** Per SOAP operation: faults by their GatewayFault code. */
    public static final String SOAP_FAULTS = "ra.soap.faults";
    /** Requests by state, from the database (refreshed every gateway.management.database-gauges-seconds). */
    public static final String REQUESTS = "ra.requests";
    /** Messages on each broker queue (scheduled and in delivery included), read from the broker at each scrape. */
    public static final String QUEUE_MESSAGES = "ra.queue.messages";
    /** Callbacks and CPMIS calls not yet delivered (PENDING, QUEUED, RETRYING), per channel. */
    public static final String OUTBOX_BACKLOG = "ra.outbox.backlog";
    /** Outbox entries being retried or given up (RETRYING, DEAD), per channel and receiver. */
    public static final String OUTBOX_FAILING = "ra.outbox.failing";
    /** The CA's answer to an RA-signed request (ledger and signature), per operation (issue, revoke) and outcome. */
    public static final String CA_REQUEST = "ra.ca.request";
    /** Certificates the CA handed out: the issuance rate is its rate(). */
    public static final String CERTIFICATES_ISSUED = "ra.certificates.issued";
    /** 1 when the signing key (ca, ra) signs, 0 when its HSM token cannot; with store pkcs11 or pkcs12. */
    public static final String SIGNING_KEY_UP = "ra.signing.key.up";
    /** When a test signature last tried an HSM key (seconds since the epoch); NaN for a software key. */
    public static final String SIGNING_KEY_LAST_PROBE = "ra.signing.key.last.probe.timestamp.seconds";

    public static final String CRL_NUMBER = "ra.crl.number";
    public static final String CRL_SIZE = "ra.crl.size.bytes";
    public static final String CRL_ENTRIES = "ra.crl.entries";
    /** Seconds since the latest CRL's thisUpdate. */
    public static final String CRL_AGE = "ra.crl.age.seconds";
    /** Seconds until the latest CRL's nextUpdate (negative once it lapsed). */
    public static final String CRL_NEXT_UPDATE = "ra.crl.next.update.seconds";
    /** How long the latest CRL took from thisUpdate to published (to the second). */
    public static final String CRL_GENERATION = "ra.crl.generation.seconds";
    /** 1 while a push target lacks the latest CRL. */
    public static final String CRL_PUSH_BEHIND = "ra.crl.push.behind";
    /** Failed pushes in a row to a target (0 once one succeeds). */
    public static final String CRL_PUSH_FAILED_ATTEMPTS = "ra.crl.push.failed.attempts";
    /** Each health check: 2 UP, 1 WARN, 0 DOWN. */
    public static final String HEALTH_CHECK = "ra.health.check.status";
    /** 1 when ready (what /health/ready answers), else 0. */
    public static final String READY = "ra.ready";

    /** Every family above as Prometheus spells it (dots to underscores; counters end _total, timers _seconds). */
    public static List<String> prometheusFamilies() {
        return List.of(
                prometheus(SOAP_REQUEST) + "_seconds",
                prometheus(SOAP_FAULTS) + "_total",
                prometheus(REQUESTS),
                prometheus(QUEUE_MESSAGES),
                prometheus(OUTBOX_BACKLOG),
                prometheus(OUTBOX_FAILING),
                prometheus(CA_REQUEST) + "_seconds",
                prometheus(CERTIFICATES_ISSUED) + "_total",
                prometheus(SIGNING_KEY_UP),
                prometheus(SIGNING_KEY_LAST_PROBE),
                prometheus(CRL_NUMBER),
                prometheus(CRL_SIZE),
                prometheus(CRL_ENTRIES),
                prometheus(CRL_AGE),
                prometheus(CRL_NEXT_UPDATE),
                prometheus(CRL_GENERATION),
                prometheus(CRL_PUSH_BEHIND),
                prometheus(CRL_PUSH_FAILED_ATTEMPTS),
                prometheus(HEALTH_CHECK),
                prometheus(READY));
    }

    private static String prometheus(String name) {
        return name.replace('.', '_');
    }
}
