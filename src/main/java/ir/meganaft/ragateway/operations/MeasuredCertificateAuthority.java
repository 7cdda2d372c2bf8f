package ir.meganaft.ragateway.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import ir.meganaft.ragateway.ca.CaHealth;
import ir.meganaft.ragateway.ca.CaRefusedException;
import ir.meganaft.ragateway.ca.CertificateAuthority;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * The CA as the gateway calls it, timed: how long each answer to an RA-signed request takes (the
 * ledger and the CA's signature; {@code ra_ca_request_seconds}) and how many certificates it hands
 * out ({@code ra_certificates_issued_total}; a redelivered request answered from the ledger counts
 * again). Its health is the CA's own when it can report one ({@link CaHealth}).
 */
public final class MeasuredCertificateAuthority implements CertificateAuthority, CaHealth {
    private final CertificateAuthority ca;
    private final MeterRegistry registry;
    private final Counter issued;
    private final Clock clock;

    public MeasuredCertificateAuthority(CertificateAuthority ca, MeterRegistry registry, Clock clock) {
        this.ca = ca;
        this.registry = registry;
        this.clock = clock;
        this.issued = Counter.builder(MetricNames.CERTIFICATES_ISSUED)
                .description("Certificates the CA handed out")
                .register(registry);
        for (String operation : List.of("issue", "revoke")) {
            for (String outcome : List.of("ok", "refused", "error")) {
                timer(operation, outcome);
            }
        }
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder(MetricNames.CA_REQUEST)
                .description("The CA's answer to an RA-signed request")
                .tags("operation", operation, "outcome", outcome)
                .serviceLevelObjectives(Buckets.LATENCY)
                .register(registry);
    }

    @Override
    public X509Certificate issue(byte[] raSignedRequest) throws CaRefusedException {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            X509Certificate certificate = ca.issue(raSignedRequest);
            outcome = "ok";
            issued.increment();
            return certificate;
        } catch (CaRefusedException e) {
            outcome = "refused";
            throw e;
        } finally {
            timer("issue", outcome).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void revoke(byte[] raSignedRequest) throws CaRefusedException {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            ca.revoke(raSignedRequest);
            outcome = "ok";
        } catch (CaRefusedException e) {
            outcome = "refused";
            throw e;
        } finally {
            timer("revoke", outcome).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public List<X509Certificate> chain() {
        return ca.chain();
    }

    @Override
    public Status health() {
        return ca instanceof CaHealth h
                ? h.health()
                : CaHealth.ofCertificate(ca.chain().get(0), clock.instant());
    }
}
