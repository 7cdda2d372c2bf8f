package ir.meganaft.ragateway.management;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.crl.CrlPush;
import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.messaging.EmbeddedBroker;
import ir.meganaft.ragateway.operations.Checks;
import ir.meganaft.ragateway.operations.Finding;
import ir.meganaft.ragateway.operations.GatewayMetrics;
import ir.meganaft.ragateway.operations.HealthCheck;
import ir.meganaft.ragateway.operations.HealthJson;
import ir.meganaft.ragateway.operations.HealthMonitor;
import ir.meganaft.ragateway.operations.MeasuredCertificateAuthority;
import ir.meganaft.ragateway.operations.QueueDepths;
import ir.meganaft.ragateway.soap.SoapMetrics;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.store.OperationsStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Wires health and metrics into the gateway (issue 16), after {@code GatewayConfiguration} has built
 * it: the checks of {@code operations} over the beans it bound, camel-micrometer on every route, the
 * SOAP metrics on every CXF endpoint, and the management port ({@link ManagementServer}).
 *
 * <p>Why a server of its own rather than Camel Main's management server ({@code camel.management.*}):
 * that one needs camel-platform-http-main over Vert.x (a second HTTP stack beside CXF's Jetty), its
 * checks would be Camel {@code HealthCheck}s (Camel types in the feature packages), and its settings
 * were ignored when it shared a port (docs/stack.md trap 12). The JDK's server needs no dependency,
 * binds only where told, and answers as this class decides (short 404 and 405, no stack traces).
 */
public class ManagementConfiguration implements CamelConfiguration {
    /** The registry's name in Camel's registry: the one camel-micrometer looks up. */
    static final String REGISTRY = MicrometerConstants.METRICS_REGISTRY_NAME;

    private static final List<String> SIGNING_KEYS = List.of("ca", "ra");

    @PropertyInject("gateway.management.host")
    private String host;

    @PropertyInject("gateway.management.port")
    private int port;

    @PropertyInject("gateway.management.check-interval-ms")
    private long checkIntervalMs;

    @PropertyInject("gateway.management.check-timeout-ms")
    private long checkTimeoutMs;

    @PropertyInject("gateway.management.database-gauges-seconds")
    private long databaseGaugesSeconds;

    @PropertyInject("gateway.management.crl-warn-before-minutes")
    private long crlWarnBeforeMinutes;

    @PropertyInject(value = "gateway.db.url", defaultValue = "")
    private String dbUrl;

    @PropertyInject("gateway.queue.vetting")
    private String vettingQueue;

    @PropertyInject("gateway.queue.issuance")
    private String issuanceQueue;

    @PropertyInject("gateway.queue.callbacks")
    private String callbackQueue;

    @PropertyInject("gateway.queue.cpmis")
    private String cpmisQueue;

    @PropertyInject("gateway.queue.dead-letters")
    private String deadLetterQueue;

    @PropertyInject("gateway.queue.vetting-dead-letters")
    private String vettingDeadLetterQueue;

    @PropertyInject("gateway.queue.issuance-dead-letters")
    private String issuanceDeadLetterQueue;

    /**
     * The CA as the gateway should call it: timed into this gateway's registry
     * ({@link MeasuredCertificateAuthority}), and bound as {@code certificateAuthority} for the CA check.
     */
    public static CertificateAuthority measured(CamelContext context, CertificateAuthority ca) {
        CertificateAuthority measured = new MeasuredCertificateAuthority(ca, registry(context), Clock.systemUTC());
        context.getRegistry().bind("certificateAuthority", measured);
        return measured;
    }

    /** This gateway's Prometheus registry, made on first use (one per Camel context, so per gateway). */
    static synchronized PrometheusMeterRegistry registry(CamelContext context) {
        PrometheusMeterRegistry registry =
                context.getRegistry().lookupByNameAndType(REGISTRY, PrometheusMeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(REGISTRY, registry);
        }
        return registry;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = registry(context);
        JvmGcMetrics gc = new JvmGcMetrics();
        List.of(
                        new JvmMemoryMetrics(),
                        gc,
                        new JvmThreadMetrics(),
                        new ClassLoaderMetrics(),
                        new ProcessorMetrics(),
                        new UptimeMetrics())
                .forEach(binder -> binder.bindTo(registry));
        MicrometerRoutePolicyFactory routes = new MicrometerRoutePolicyFactory();
        routes.setMeterRegistry(registry);
        context.addRoutePolicyFactory(routes);
        SoapMetrics soap = new SoapMetrics(registry);
        context.getRegistry().findByType(CxfEndpoint.class).forEach(soap::attachTo);

        var beans = context.getRegistry();
        OperationsStore store = new OperationsStore(beans.lookupByNameAndType("database", Database.class));
        EmbeddedBroker broker = beans.lookupByNameAndType("embeddedBroker", EmbeddedBroker.class);
        jakarta.jms.ConnectionFactory jms =
                beans.lookupByNameAndType("jmsConnectionFactory", jakarta.jms.ConnectionFactory.class);
        HsmHealth hsm = beans.lookupByNameAndType("hsmHealth", HsmHealth.class);
        CrlPublisher crls = beans.lookupByNameAndType("crlPublisher", CrlPublisher.class);
        CrlPush push = beans.lookupByNameAndType("crlPush", CrlPush.class);
        CertificateAuthority ca = beans.lookupByNameAndType("certificateAuthority", CertificateAuthority.class);
        // the embedded broker answers from memory, an external one through its management API (cached 5 s)
        ir.meganaft.ragateway.messaging.BrokerConnection connection =
                beans.lookupByNameAndType("brokerConnection", ir.meganaft.ragateway.messaging.BrokerConnection.class);
        QueueDepths depths = queue -> {
            long n = connection == null ? -1 : connection.messageCount(queue);
            return n < 0 ? OptionalLong.empty() : OptionalLong.of(n);
        };
        List<String> deadLetters = List.of(
                vettingDeadLetterQueue,
                issuanceDeadLetterQueue,
                deadLetterQueue,
                EmbeddedBroker.DEAD_LETTERS,
                EmbeddedBroker.EXPIRED);

        List<HealthCheck> checks = new java.util.ArrayList<>();
        checks.add(Checks.database(store, dbUrl.startsWith("jdbc:postgresql:") ? "PostgreSQL" : "H2"));
        checks.add(broker(broker, jms));
        SIGNING_KEYS.forEach(key -> checks.add(Checks.signingKey(key, hsm)));
        checks.add(Checks.ca(ca, clock));
        checks.add(Checks.crlFreshness(crls, Duration.ofMinutes(crlWarnBeforeMinutes), clock));
        checks.add(Checks.crlPush(push));
        checks.add(Checks.deadLetters(depths, deadLetters));
        HealthMonitor monitor =
                new HealthMonitor(checks, Duration.ofMillis(checkIntervalMs), Duration.ofMillis(checkTimeoutMs), clock);
        List<String> queues =
                new java.util.ArrayList<>(List.of(vettingQueue, issuanceQueue, callbackQueue, cpmisQueue));
        queues.addAll(deadLetters);
        GatewayMetrics metrics = new GatewayMetrics(
                registry,
                store,
                crls,
                push,
                hsm,
                SIGNING_KEYS,
                monitor,
                depths,
                queues,
                Duration.ofSeconds(databaseGaugesSeconds),
                clock);
        monitor.afterEachRound(metrics::refresh);

        AtomicBoolean stopping = new AtomicBoolean();
        ManagementServer server = new ManagementServer(host, port, new ManagementServer.Answers() {
            @Override
            public ManagementServer.Answer live() {
                long[] deadlocked =
                        java.lang.management.ManagementFactory.getThreadMXBean().findDeadlockedThreads();
                return deadlocked == null
                        ? ManagementServer.Answer.json(200, HealthJson.liveness(true, "running"))
                        : ManagementServer.Answer.json(
                                503, HealthJson.liveness(false, deadlocked.length + " threads deadlocked"));
            }

            @Override
            public ManagementServer.Answer ready() {
                String note = stopping.get() ? "stopping" : monitor.results().isEmpty() ? "starting" : null;
                boolean ready = !stopping.get() && monitor.ready();
                return ManagementServer.Answer.json(
                        ready ? 200 : 503, HealthJson.readiness(ready, note, monitor.results()));
            }

            @Override
            public ManagementServer.Answer metrics() {
                return new ManagementServer.Answer(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            }
        });
        // bound as the start binds the other ports (a port taken fails the start); checked once everything runs
        context.addService(
                new ServiceSupport() {
                    @Override
                    protected void doStart() throws Exception {
                        server.start();
                    }

                    @Override
                    protected void doStop() {
                        monitor.close();
                        server.stop();
                        gc.close();
                    }
                },
                true,
                true);
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    monitor.start();
                } else if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    stopping.set(true); // not ready from the first moment of a stop
                    monitor.close();
                }
            }
        });
        context.getRegistry().bind("healthMonitor", monitor);
    }

    /** The broker: the embedded one is active, and a JMS session opens through the gateway's pool. */
    private static HealthCheck broker(EmbeddedBroker broker, jakarta.jms.ConnectionFactory jms) {
        return new HealthCheck("broker", true, () -> {
            if (broker != null && broker.messageCount(EmbeddedBroker.DEAD_LETTERS) < 0) {
                return Finding.down("the embedded Artemis broker is not active");
            }
            try (jakarta.jms.Connection connection = jms.createConnection();
                    jakarta.jms.Session session =
                            connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE)) {
                session.createQueue(EmbeddedBroker.DEAD_LETTERS);
            }
            return Finding.up("embedded Artemis active; a JMS session opens");
        });
    }
}
