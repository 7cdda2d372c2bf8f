package ir.meganaft.ragateway;

import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.ca.CertificateProfile;
import ir.meganaft.ragateway.ca.LocalCertificateAuthority;
import ir.meganaft.ragateway.ca.RaSignedRequests;
import ir.meganaft.ragateway.caoperations.CaOperations;
import ir.meganaft.ragateway.contract.admin.AdminServicePortType;
import ir.meganaft.ragateway.contract.cpmisaccount.CpmisAccountServicePortType;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.status.StatusServicePortType;
import ir.meganaft.ragateway.cpmis.CpmisAccounts;
import ir.meganaft.ragateway.cpmis.CpmisRecipient;
import ir.meganaft.ragateway.messaging.ArtemisDeadLetters;
import ir.meganaft.ragateway.messaging.ArtemisRequestDeadLetters;
import ir.meganaft.ragateway.notification.CallbackAddresses;
import ir.meganaft.ragateway.notification.CallbackRecipient;
import ir.meganaft.ragateway.notification.DeadLetterAdmin;
import ir.meganaft.ragateway.notification.DeliveryChannel;
import ir.meganaft.ragateway.notification.OutboxDelivery;
import ir.meganaft.ragateway.notification.OutboxRelay;
import ir.meganaft.ragateway.notification.RequestQueue;
import ir.meganaft.ragateway.soap.AdminSoap;
import ir.meganaft.ragateway.soap.CpmisAccountSoap;
import ir.meganaft.ragateway.soap.SoapCallbackClient;
import ir.meganaft.ragateway.soap.SoapCpmisClient;
import ir.meganaft.ragateway.soap.StatusSoap;
import ir.meganaft.ragateway.status.CertificateStatusService;
import ir.meganaft.ragateway.store.CertificateSearch;
import ir.meganaft.ragateway.store.CpmisAccountStore;
import ir.meganaft.ragateway.store.OutboxStore;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.csr.CsrChecks;
import ir.meganaft.ragateway.csr.DistinguishedNames;
import ir.meganaft.ragateway.identity.CivilRegistry;
import ir.meganaft.ragateway.identity.HttpCivilRegistry;
import ir.meganaft.ragateway.identity.NoCivilRegistry;
import ir.meganaft.ragateway.intake.ApplicationRules;
import ir.meganaft.ragateway.intake.EvidenceFiles;
import ir.meganaft.ragateway.intake.IntakeService;
import ir.meganaft.ragateway.issuance.IssuanceService;
import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.keys.KeySettings;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.soap.OfficerSoap;
import ir.meganaft.ragateway.soap.PublicAddress;
import ir.meganaft.ragateway.soap.RegistrationSoap;
import ir.meganaft.ragateway.soap.SoapFaultInterceptor;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.crl.CrlPush;
import ir.meganaft.ragateway.lifecycle.RenewalService;
import ir.meganaft.ragateway.lifecycle.RevocationService;
import ir.meganaft.ragateway.store.CaLedgerStore;
import ir.meganaft.ragateway.store.CrlStore;
import ir.meganaft.ragateway.store.PushTargetStore;
import ir.meganaft.ragateway.web.PkiFiles;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.store.RequestStore;
import ir.meganaft.ragateway.tracking.RequestTracking;
import ir.meganaft.ragateway.vetting.AutomaticVetting;
import ir.meganaft.ragateway.vetting.DocumentRequirements;
import ir.meganaft.ragateway.vetting.EvidenceArchive;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.vetting.Tariff;
import ir.meganaft.ragateway.vetting.Waiting;
import ir.meganaft.ragateway.vetting.OfficerDecisions;
import ir.meganaft.ragateway.vetting.StalledRequests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.namespace.QName;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.cxf.common.DataFormat;
import org.apache.camel.component.cxf.transport.header.CxfHeaderFilterStrategy;
import org.apache.camel.component.cxf.jaxws.CxfEndpoint;
import org.apache.cxf.frontend.WSDLGetUtils;
import org.bouncycastle.asn1.x500.X500Name;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the gateway's beans from the settings in config/ and binds them for the routes in
 * routes/. Order matters and is spelled out: keys, database, broker, CA, services, endpoints.
 */
public class GatewayConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);
    /** The singleton job whose lease also fences CRL numbers (routes/crl.camel.yaml: routePolicy crlJob). */
    private static final String CRL_JOB = "crl";
    private static final String REGISTRATION_NS = "http://ra.meganaft.ir/gateway/registration/v1";
    private static final String OFFICER_NS = "http://ra.meganaft.ir/gateway/officer/v1";
    private static final String STATUS_NS = "http://ra.meganaft.ir/gateway/status/v1";
    private static final String ADMIN_NS = "http://ra.meganaft.ir/gateway/admin/v1";
    private static final String CPMIS_ACCOUNT_NS = "http://ra.meganaft.ir/gateway/cpmis-account/v1";

    @PropertyInject("gateway.home")
    private String home;
    @PropertyInject("gateway.data-dir")
    private String dataDir;
    @PropertyInject("gateway.http.host")
    private String httpHost;
    @PropertyInject("gateway.http.port")
    private int httpPort;
    @PropertyInject("gateway.https.port")
    private int httpsPort;
    @PropertyInject(value = "gateway.tls.keystore", defaultValue = "")
    private String tlsKeystore;
    @PropertyInject(value = "gateway.tls.password-file", defaultValue = "")
    private String tlsPasswordFile;
    @PropertyInject(value = "gateway.tls.password-env", defaultValue = "")
    private String tlsPasswordEnv;
    @PropertyInject("gateway.tls.development-certificates")
    private boolean tlsDevelopmentCertificates;
    @PropertyInject(value = "gateway.http.public-url", defaultValue = "")
    private String publicUrl;
    @PropertyInject("gateway.http.max-request-bytes")
    private long httpMaxRequestBytes;
    @PropertyInject("gateway.http.max-header-bytes")
    private int httpMaxHeaderBytes;
    @PropertyInject("gateway.http.idle-timeout-ms")
    private long httpIdleTimeoutMs;
    @PropertyInject("gateway.http.min-threads")
    private int httpMinThreads;
    @PropertyInject("gateway.http.max-threads")
    private int httpMaxThreads;
    @PropertyInject("gateway.http.max-connections")
    private int httpMaxConnections;
    @PropertyInject("gateway.http.max-attachments")
    private int httpMaxAttachments;
    @PropertyInject("gateway.http.max-attachment-bytes")
    private long httpMaxAttachmentBytes;
    @PropertyInject("gateway.http.max-read-ms")
    private long httpMaxReadMs;
    @PropertyInject("gateway.http.eager-read-bytes")
    private int httpEagerReadBytes;
    @PropertyInject("gateway.http.max-large-bodies")
    private int httpMaxLargeBodies;
    @PropertyInject("gateway.http.max-waiting-large-bodies")
    private int httpMaxWaitingLargeBodies;
    @PropertyInject("gateway.http.max-wait-ms")
    private long httpMaxWaitMs;
    @PropertyInject(value = "gateway.db.url", defaultValue = "")
    private String dbUrl;
    @PropertyInject(value = "gateway.db.user", defaultValue = "")
    private String dbUser;
    @PropertyInject(value = "gateway.db.password", defaultValue = "")
    private String dbPassword;
    @PropertyInject("gateway.db.pool-size")
    private int dbPoolSize;
    @PropertyInject(value = "gateway.broker.acceptor", defaultValue = "")
    private String brokerAcceptor;
    @PropertyInject("gateway.broker.max-delivery-attempts")
    private int maxDeliveryAttempts;
    @PropertyInject("gateway.broker.redelivery-delay-ms")
    private long redeliveryDelay;
    @PropertyInject("gateway.storage.min-free-mb")
    private long storageMinFreeMb;
    @PropertyInject("gateway.recovery.idle-seconds")
    private long recoveryIdleSeconds;
    @PropertyInject("gateway.broker.journal-buffer-timeout-us")
    private int journalBufferTimeoutMicros;
    @PropertyInject("gateway.jms.max-connections")
    private int jmsMaxConnections;
    @PropertyInject("gateway.jms.max-sessions-per-connection")
    private int jmsMaxSessions;
    @PropertyInject("gateway.vetting.four-eyes")
    private boolean fourEyes;
    @PropertyInject("gateway.tariff.token-rials")
    private long tokenTariff;
    @PropertyInject("gateway.tariff.issuance-rials")
    private long issuanceTariff;
    @PropertyInject(value = "gateway.civil-registry.url", defaultValue = "")
    private String civilRegistryUrl;
    @PropertyInject("gateway.civil-registry.timeout-ms")
    private long civilRegistryTimeoutMs;
    @PropertyInject("gateway.csr.minimum-rsa-bits")
    private int minimumRsaBits;
    @PropertyInject("gateway.csr.maximum-rsa-bits")
    private int maximumRsaBits;
    @PropertyInject("gateway.csr.maximum-bytes")
    private int maximumCsrBytes;
    @PropertyInject(value = "gateway.keys.pkcs11.probe-interval-ms", defaultValue = "5000")
    private long hsmProbeMillis;
    @PropertyInject("gateway.profile.name")
    private String profileNames;
    @PropertyInject("gateway.profile.validity-days")
    private int validityDays;
    @PropertyInject("gateway.profile.key-usage")
    private String keyUsage;
    @PropertyInject("gateway.profile.extended-key-usage")
    private String extendedKeyUsage;
    @PropertyInject("gateway.profile.policy-oid")
    private String policyOid;
    @PropertyInject(value = "gateway.profile.cps-uri", defaultValue = "")
    private String cpsUri;
    @PropertyInject("gateway.profile.crl-url")
    private String crlUrl;
    @PropertyInject(value = "gateway.profile.delta-crl-url", defaultValue = "")
    private String deltaCrlUrl;
    @PropertyInject("gateway.revocation.key-compromise-immediate")
    private boolean keyCompromiseImmediate;
    @PropertyInject("gateway.renewal.same-key-allowed")
    private boolean renewalSameKeyAllowed;
    @PropertyInject("gateway.crl.full.period-minutes")
    private long crlFullPeriodMinutes;
    @PropertyInject("gateway.crl.full.validity-hours")
    private long crlFullValidityHours;
    @PropertyInject("gateway.crl.delta.validity-minutes")
    private long crlDeltaValidityMinutes;
    @PropertyInject("gateway.crl.push.first-retry-seconds")
    private long crlPushFirstRetrySeconds;
    @PropertyInject("gateway.crl.push.max-retry-seconds")
    private long crlPushMaxRetrySeconds;
    @PropertyInject(value = "gateway.profile.ca-issuers-url", defaultValue = "")
    private String caIssuersUrl;
    @PropertyInject(value = "gateway.profile.ocsp-url", defaultValue = "")
    private String ocspUrl;
    @PropertyInject("gateway.outbox.batch-size")
    private int outboxBatchSize;
    @PropertyInject("gateway.queue.callbacks")
    private String callbackQueue;
    @PropertyInject("gateway.queue.cpmis")
    private String cpmisQueue;
    @PropertyInject("gateway.queue.dead-letters")
    private String deadLetterQueue;
    @PropertyInject("gateway.queue.vetting")
    private String vettingQueue;
    @PropertyInject("gateway.queue.vetting-dead-letters")
    private String vettingDeadLetterQueue;
    @PropertyInject("gateway.queue.issuance")
    private String issuanceQueue;
    @PropertyInject("gateway.queue.issuance-dead-letters")
    private String issuanceDeadLetterQueue;
    @PropertyInject("gateway.notifications.timeout-ms")
    private long callbackTimeoutMs;
    @PropertyInject("gateway.notifications.max-attempts")
    private int callbackMaxAttempts;
    @PropertyInject("gateway.notifications.initial-delay-ms")
    private long callbackInitialDelayMs;
    @PropertyInject("gateway.notifications.max-delay-ms")
    private long callbackMaxDelayMs;
    @PropertyInject(value = "gateway.cpmis.url", defaultValue = "")
    private String cpmisUrl;
    @PropertyInject("gateway.cpmis.timeout-ms")
    private long cpmisTimeoutMs;
    @PropertyInject("gateway.cpmis.max-attempts")
    private int cpmisMaxAttempts;
    @PropertyInject("gateway.cpmis.initial-delay-ms")
    private long cpmisInitialDelayMs;
    @PropertyInject("gateway.cpmis.max-delay-ms")
    private long cpmisMaxDelayMs;
    @PropertyInject("gateway.singletons.lease-seconds")
    private int singletonLeaseSeconds;
    @PropertyInject("gateway.singletons.renew-seconds")
    private int singletonRenewSeconds;
    @PropertyInject("gateway.status.max-page-size")
    private int statusMaxPageSize;
    /** Who is calling (issue 12): set in configure, used by every SOAP endpoint. */
    private ir.meganaft.ragateway.security.CallerResolver callers;
    private final ir.meganaft.ragateway.security.AccessPolicy policy = ir.meganaft.ragateway.security.AccessPolicy.standard();

    @Override
    public void configure(CamelContext context) throws Exception {
        java.security.Security.addProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
        reportUnusedSettings(context);
        // checked first: a malformed gateway.http.public-url stops the start before anything runs
        LOG.info("SOAP endpoints listen at {} and are advertised at {}", listeningOrigin(), publicOrigin());
        Path data = resolve(dataDir);
        Files.createDirectories(data);
        Clock clock = Clock.systemUTC();

        // Keys first: a wrong PIN or a missing token stops the start before the broker and database run.
        HsmHealth hsm = new HsmHealth(clock);
        bind(context, "hsmHealth", hsm);
        KeySettings.GatewayKeys keys = KeySettings.from(context.getPropertiesComponent()::resolveProperty, Path.of(home), data)
                .load(hsm);
        Signer caSigner = keys.ca();
        Signer raSigner = keys.ra();
        bind(context, "pauseWhileHsmDown", new ir.meganaft.ragateway.messaging.PauseWhileHsmDown(hsm, hsmProbeMillis));

        Database database = new Database(dbUrl.isBlank()
                ? "jdbc:h2:file:" + data.resolve("db").resolve("gateway") + ";MODE=PostgreSQL;DB_CLOSE_ON_EXIT=FALSE"
                : dbUrl, dbUser, dbPassword, dbPoolSize);
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                database.close();
            }
        }, true, true);
        // Singleton jobs (issue 15): each runs on the one instance holding its lease in the database
        ir.meganaft.ragateway.singletons.LeaseClusterService singletons = new ir.meganaft.ragateway.singletons.LeaseClusterService(
                new ir.meganaft.ragateway.store.LeaseStore(database, singletonRenewSeconds),
                ir.meganaft.ragateway.singletons.LeaseClusterService.newInstanceId(),
                Duration.ofSeconds(singletonLeaseSeconds), Duration.ofSeconds(singletonRenewSeconds));
        singletons.setCamelContext(context);
        context.addService(singletons, true, true);
        // the routes' policies: routePolicy: crlJob (routes/crl.camel.yaml), outboxRelayJob, recoveryJob
        for (Map.Entry<String, String> job : Map.of("crlJob", CRL_JOB, "outboxRelayJob", "outbox-relay",
                "recoveryJob", "recovery").entrySet()) {
            org.apache.camel.impl.cluster.ClusteredRoutePolicy policy =
                    org.apache.camel.impl.cluster.ClusteredRoutePolicy.forNamespace(singletons, job.getValue());
            policy.setCamelContext(context);
            bind(context, job.getKey(), policy);
        }
        // the embedded broker, or an external one or pair at gateway.broker.url (issue 15)
        ir.meganaft.ragateway.messaging.BrokerConnection broker = new ir.meganaft.ragateway.messaging.BrokerConnection(
                ir.meganaft.ragateway.messaging.BrokerConnection.External.from(context.getPropertiesComponent()::resolveProperty),
                data.resolve("broker"), brokerAcceptor, maxDeliveryAttempts, redeliveryDelay)
                .journalBufferTimeoutMicros(journalBufferTimeoutMicros)
                .minimumFreeDisk((storageMinFreeMb << 20) / 4)
                .retryPolicy(callbackQueue, callbackMaxAttempts, callbackInitialDelayMs, callbackMaxDelayMs, deadLetterQueue)
                .retryPolicy(cpmisQueue, cpmisMaxAttempts, cpmisInitialDelayMs, cpmisMaxDelayMs, deadLetterQueue)
                .retryPolicy(vettingQueue, vettingDeadLetterQueue)
                .retryPolicy(issuanceQueue, issuanceDeadLetterQueue);
        context.addService(broker, true, true);
        JmsPoolConnectionFactory jms = new JmsPoolConnectionFactory();
        ActiveMQConnectionFactory artemis = broker.connectionFactory();
        // No prefetch: each consumer takes the next message when it is free. With Artemis's default
        // 1 MB window the first consumer to start took a whole backlog into its buffer while the
        // others waited (seen draining 2,000 approvals: three of four issuance consumers idle).
        artemis.setConsumerWindowSize(0);
        // Queue and address lookups are remembered: without it every send asked the broker twice
        // (queue query, address query) before sending, two blocking round trips per submission.
        artemis.setCacheDestinations(true);
        jms.setConnectionFactory(artemis);
        jms.setMaxConnections(jmsMaxConnections);
        jms.setMaxSessionsPerConnection(jmsMaxSessions);
        bind(context, "jmsConnectionFactory", jms);
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                jms.stop();
            }
        }, true, true);

        CertificateProfile profile = new CertificateProfile(Duration.ofDays(validityDays), list(keyUsage),
                list(extendedKeyUsage), policyOid, cpsUri, crlUrl, deltaCrlUrl, caIssuersUrl, ocspUrl);
        CertificateStore certificates = new CertificateStore(database);
        CertificateAuthority ca = new LocalCertificateAuthority(caSigner, List.of(raSigner.certificate()), profile,
                new CaLedgerStore(database), certificates, clock);
        LOG.info("Issuing CA: {}; RA: {}", DistinguishedNames.display(caSigner.certificate().getSubjectX500Principal()),
                DistinguishedNames.display(raSigner.certificate().getSubjectX500Principal()));

        RequestStore requests = new RequestStore(database, clock);
        CsrChecks checks = new CsrChecks(minimumRsaBits, maximumRsaBits, maximumCsrBytes);
        // Callers (issue 12): principals from config/, client certificates checked against the CA's own status
        ir.meganaft.ragateway.security.Principals principals = ir.meganaft.ragateway.security.Principals.fromSettings(
                settings(context, "gateway.systems."), settings(context, "gateway.officers."), settings(context, "gateway.admins."),
                settings(context, "gateway.relying-parties."));
        Officers officers = principals.officers();
        ir.meganaft.ragateway.security.ClientCertificates clientCertificates = new ir.meganaft.ragateway.security.ClientCertificates(
                caSigner.certificate(), c -> certificates.status(c.getSerialNumber())
                        .map(status -> status != ir.meganaft.ragateway.request.CertificateStatus.GOOD).orElse(false),
                clientAnchors(context), clock);
        callers = new ir.meganaft.ragateway.security.CallerResolver(clientCertificates, principals);
        Tls tls = tls(data, caSigner, principals, clientCertificates.anchors(), clock);
        Tariff tariff = new Tariff(tokenTariff, issuanceTariff);
        Waiting waiting = new Waiting(tariff);
        EvidenceFiles evidence = new EvidenceFiles(data.resolve("evidence"));
        DocumentRequirements documentRequirements = DocumentRequirements.fromSettings(settings(context, "gateway.documents."));
        ApplicationRules rules = new ApplicationRules(documentRequirements, Set.copyOf(list(profileNames)), clock);
        CivilRegistry registry = civilRegistryUrl.isBlank() ? new NoCivilRegistry()
                : new HttpCivilRegistry(civilRegistryUrl, Duration.ofMillis(civilRegistryTimeoutMs));
        bind(context, "storageSpace", new ir.meganaft.ragateway.store.StorageSpace(data, storageMinFreeMb << 20));
        // the callback addresses registered per caller system: replyTo is checked against them at intake and delivery
        CallbackAddresses callbackAddresses = new CallbackAddresses(settings(context, "gateway.callbacks."),
                settings(context, "gateway.callback-prefixes."));
        IntakeService intake = new IntakeService(requests, evidence, checks, rules, callbackAddresses, clock);
        bind(context, "intake", intake);
        bind(context, "automaticVetting", new AutomaticVetting(requests, certificates, checks, registry, clock));
        OfficerDecisions decisions = new OfficerDecisions(requests, officers, tariff, fourEyes, documentRequirements,
                requestId -> certificates.forRequest(requestId).map(ir.meganaft.ragateway.request.IssuedCertificate::status),
                clock);
        RaSignedRequests raRequests = new RaSignedRequests(raSigner,
                X500Name.getInstance(caSigner.certificate().getSubjectX500Principal().getEncoded()), clock);
        RevocationService revocations = new RevocationService(requests, certificates, ca, raRequests, officers,
                keyCompromiseImmediate, callbackAddresses, clock);
        bind(context, "revocations", revocations);
        RenewalService renewals = new RenewalService(requests, certificates, caSigner.certificate().getSubjectX500Principal(),
                checks, renewalSameKeyAllowed, callbackAddresses, clock);
        bind(context, "caOperations", new CaOperations(requests,
                new IssuanceService(requests, certificates, raRequests, ca, clock), revocations));
        CrlPublisher crls = new CrlPublisher(new CrlStore(database, () -> singletons.held(CRL_JOB)), caSigner, data.resolve("crl"), crlUrl, deltaCrlUrl,
                new CrlPublisher.Schedule(Duration.ofMinutes(crlFullPeriodMinutes), Duration.ofHours(crlFullValidityHours),
                        Duration.ofMinutes(crlDeltaValidityMinutes)), clock);
        bind(context, "crlPublisher", crls);
        CrlPush push = new CrlPush(new PushTargetStore(database), settings(context, "gateway.crl.targets."), crls,
                Duration.ofSeconds(crlPushFirstRetrySeconds), Duration.ofSeconds(crlPushMaxRetrySeconds), clock);
        bind(context, "crlPush", push);
        org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine httpEngine = configureHttpServer(httpPort, "http", null);
        publishPkiFiles(context, new PkiFiles(crls, caSigner.certificate(), clock));
        ir.meganaft.ragateway.soap.HttpServerEdge.answerErrorsAsFaults(httpEngine);
        org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine httpsEngine = configureHttpServer(httpsPort, "https",
                tls.server());
        bind(context, "stalledRequests", new StalledRequests(requests, new ir.meganaft.ragateway.messaging.QueuedRequestIds(jms,
                Map.of(ir.meganaft.ragateway.request.RequestState.RECEIVED, List.of(vettingQueue, vettingDeadLetterQueue),
                        ir.meganaft.ragateway.request.RequestState.APPROVED, List.of(issuanceQueue, issuanceDeadLetterQueue)),
                broker::heldRequestIds),
                Duration.ofSeconds(recoveryIdleSeconds), clock));
        RequestTracking tracking = new RequestTracking(requests, certificates, ca, waiting);
        bind(context, "authenticatedCallers", new ir.meganaft.ragateway.soap.AuthenticatedCallers());
        bind(context, "registrationSoap", new RegistrationSoap(intake, revocations, renewals, tracking, crls));
        bind(context, "officerSoap", new OfficerSoap(decisions,
                new EvidenceArchive(requests, certificates, officers, evidence::pathOf), tracking, revocations, push, officers));

        // Results back to the callers (issue 6): outbox, callbacks, CPMIS, status, dead letters.
        bind(context, "certificateStore", certificates);
        OutboxStore outbox = new OutboxStore(database);
        CpmisAccountStore cpmisAccounts = new CpmisAccountStore(database);
        OutboxRelay relay = new OutboxRelay(outbox, Map.of(DeliveryChannel.CALLBACK, callbackQueue,
                DeliveryChannel.CPMIS, cpmisQueue), outboxBatchSize);
        bind(context, "outboxRelay", relay);
        CallbackRecipient callbacks = new CallbackRecipient(requests, certificates, ca,
                callbackAddresses,
                new SoapCallbackClient(Duration.ofMillis(callbackTimeoutMs), tls.client()));
        CpmisRecipient cpmis = new CpmisRecipient(cpmisUrl, new SoapCpmisClient(Duration.ofMillis(cpmisTimeoutMs)),
                requests, certificates, cpmisAccounts);
        bind(context, "outboxDelivery", new OutboxDelivery(outbox,
                Map.of(DeliveryChannel.CALLBACK, callbacks, DeliveryChannel.CPMIS, cpmis),
                Map.of(DeliveryChannel.CALLBACK, callbackMaxAttempts, DeliveryChannel.CPMIS, cpmisMaxAttempts), clock));
        bind(context, "statusSoap", new StatusSoap(new CertificateStatusService(certificates,
                new CertificateSearch(database), statusMaxPageSize, clock,
                requestId -> requests.find(requestId).map(ir.meganaft.ragateway.request.CertificateRequest::callerSystemId))));
        bind(context, "cpmisAccountSoap", new CpmisAccountSoap(new CpmisAccounts(requests, certificates, cpmisAccounts,
                outbox, officers, clock)));
        bind(context, "adminSoap", new AdminSoap(new DeadLetterAdmin(principals.ofKind(
                ir.meganaft.ragateway.security.Caller.IntegrationAdmin.class).keySet(),
                new ArtemisDeadLetters(jms, deadLetterQueue), outbox, requests, relay, new ArtemisRequestDeadLetters(jms,
                        Map.of(RequestQueue.VETTING, new ArtemisRequestDeadLetters.Queues(vettingQueue, vettingDeadLetterQueue),
                                RequestQueue.ISSUANCE, new ArtemisRequestDeadLetters.Queues(issuanceQueue, issuanceDeadLetterQueue)),
                        maxDeliveryAttempts))));

        // each endpoint listens at gateway.http.host:port + its path and is advertised at the public address + its path
        String base = "/ra/";
        bindEndpoint(context, "registrationSoap11", base + "RegistrationService", RegistrationServicePortType.class,
                "wsdl/RegistrationService.wsdl", new QName(REGISTRATION_NS, "RegistrationService"),
                new QName(REGISTRATION_NS, "RegistrationServiceSoap11Port"));
        bindEndpoint(context, "registrationSoap12", base + "soap12/RegistrationService", RegistrationServicePortType.class,
                "wsdl/RegistrationService.wsdl", new QName(REGISTRATION_NS, "RegistrationService"),
                new QName(REGISTRATION_NS, "RegistrationServiceSoap12Port"));
        bindEndpoint(context, "officerSoap11", base + "OfficerService", OfficerServicePortType.class,
                "wsdl/OfficerService.wsdl", new QName(OFFICER_NS, "OfficerService"),
                new QName(OFFICER_NS, "OfficerServiceSoap11Port"));
        bindEndpoint(context, "officerSoap12", base + "soap12/OfficerService", OfficerServicePortType.class,
                "wsdl/OfficerService.wsdl", new QName(OFFICER_NS, "OfficerService"),
                new QName(OFFICER_NS, "OfficerServiceSoap12Port"));
        bindEndpoint(context, "statusSoap11", base + "StatusService", StatusServicePortType.class,
                "wsdl/StatusService.wsdl", new QName(STATUS_NS, "StatusService"),
                new QName(STATUS_NS, "StatusServiceSoap11Port"));
        bindEndpoint(context, "statusSoap12", base + "soap12/StatusService", StatusServicePortType.class,
                "wsdl/StatusService.wsdl", new QName(STATUS_NS, "StatusService"),
                new QName(STATUS_NS, "StatusServiceSoap12Port"));
        bindEndpoint(context, "cpmisAccountSoap11", base + "CpmisAccountService", CpmisAccountServicePortType.class,
                "wsdl/CpmisAccountService.wsdl", new QName(CPMIS_ACCOUNT_NS, "CpmisAccountService"),
                new QName(CPMIS_ACCOUNT_NS, "CpmisAccountServiceSoap11Port"));
        bindEndpoint(context, "cpmisAccountSoap12", base + "soap12/CpmisAccountService", CpmisAccountServicePortType.class,
                "wsdl/CpmisAccountService.wsdl", new QName(CPMIS_ACCOUNT_NS, "CpmisAccountService"),
                new QName(CPMIS_ACCOUNT_NS, "CpmisAccountServiceSoap12Port"));
        bindEndpoint(context, "adminSoap11", base + "AdminService", AdminServicePortType.class,
                "wsdl/AdminService.wsdl", new QName(ADMIN_NS, "AdminService"),
                new QName(ADMIN_NS, "AdminServiceSoap11Port"));
        bindEndpoint(context, "adminSoap12", base + "soap12/AdminService", AdminServicePortType.class,
                "wsdl/AdminService.wsdl", new QName(ADMIN_NS, "AdminService"),
                new QName(ADMIN_NS, "AdminServiceSoap12Port"));
        // CXF builds the https server, and sets its own error handler, as the first SOAP route starts
        context.addStartupListener(new org.apache.camel.ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext camel, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext camel, boolean alreadyStarted) {
                ir.meganaft.ragateway.soap.HttpServerEdge.answerErrorsAsFaults(httpsEngine);
            }
        });
    }

    /** The gateway's TLS contexts: serving the SOAP ports, and calling out (callbacks). */
    private record Tls(javax.net.ssl.SSLContext server, javax.net.ssl.SSLContext client) {
    }

    /**
     * The TLS key and certificate from gateway.tls.keystore or, in development, the development
     * certificates (made when missing, with a client certificate per subject-mapped principal).
     */
    private Tls tls(Path data, Signer ca, ir.meganaft.ragateway.security.Principals principals,
            List<java.security.cert.X509Certificate> anchors, Clock clock) throws Exception {
        Path keystore;
        char[] password;
        if (tlsKeystore.isBlank()) {
            if (!tlsDevelopmentCertificates) {
                throw new IllegalStateException("gateway.tls.keystore is not set and gateway.tls.development-certificates is "
                        + "false: the SOAP ports need the gateway's TLS key and certificate");
            }
            ir.meganaft.ragateway.security.DevelopmentTls development = new ir.meganaft.ragateway.security.DevelopmentTls(
                    data.resolve("tls"), ca, clock);
            java.util.LinkedHashSet<String> hosts = new java.util.LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
            if (!httpHost.startsWith("0.") && !httpHost.equals("::") && !httpHost.isBlank()) {
                hosts.add(httpHost);
            }
            if (!publicUrl.isBlank()) {
                hosts.add(java.net.URI.create(publicUrl.strip()).getHost());
            }
            password = development.createMissing(List.copyOf(hosts), principals);
            keystore = development.serverKeystore();
        } else {
            keystore = resolve(tlsKeystore);
            String fromEnvironment = tlsPasswordEnv.isBlank() ? null : System.getenv(tlsPasswordEnv);
            if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
                password = fromEnvironment.toCharArray();
            } else if (!tlsPasswordFile.isBlank()) {
                password = Files.readString(resolve(tlsPasswordFile)).strip().toCharArray();
            } else {
                throw new IllegalStateException("The TLS keystore's password: set " + tlsPasswordEnv
                        + " or gateway.tls.password-file");
            }
        }
        return new Tls(ir.meganaft.ragateway.security.TlsContexts.server(keystore, password, anchors),
                ir.meganaft.ragateway.security.TlsContexts.client(keystore, password, ca.chain()));
    }

    /** gateway.tls.client-anchors.<name>.certificate and .crl: trust anchors for client certificates besides the CA. */
    private List<ir.meganaft.ragateway.security.ClientCertificates.ForeignAnchor> clientAnchors(CamelContext context) {
        Map<String, String> settings = settings(context, "gateway.tls.client-anchors.");
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String key : settings.keySet()) {
            int dot = key.lastIndexOf('.');
            String field = dot < 0 ? "" : key.substring(dot + 1);
            if (dot < 0 || !(field.equals("certificate") || field.equals("crl"))) {
                throw new IllegalArgumentException("Setting gateway.tls.client-anchors." + key + " is not understood: expected "
                        + "gateway.tls.client-anchors.<name>.certificate | crl");
            }
            names.add(key.substring(0, dot));
        }
        List<ir.meganaft.ragateway.security.ClientCertificates.ForeignAnchor> anchors = new java.util.ArrayList<>();
        for (String name : names) {
            String certificate = settings.get(name + ".certificate");
            String crl = settings.get(name + ".crl");
            if (certificate == null || crl == null) {
                throw new IllegalArgumentException("gateway.tls.client-anchors." + name + " needs both .certificate and .crl");
            }
            anchors.add(ir.meganaft.ragateway.security.ClientCertificates.ForeignAnchor.load(name, resolve(certificate),
                    resolve(crl)));
        }
        return anchors;
    }

    /**
     * The Jetty server that CXF builds for gateway.http.port, set up before /pki or any SOAP port
     * is published on it (the engine is shared by every CXF bus in the JVM): limits, no Server header.
     */
    private org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine configureHttpServer(int port, String protocol,
            javax.net.ssl.SSLContext tls) throws Exception {
        // a fresh engine: one left from an earlier gateway on this port in the same JVM (a restart) holds a stopped server
        org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory.destroyForPort(port);
        org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory engines = org.apache.cxf.BusFactory.getDefaultBus()
                .getExtension(org.apache.cxf.transport.http_jetty.JettyHTTPServerEngineFactory.class);
        if (tls != null) {
            // CXF makes an engine https only when its port has TLS parameters; the connector that HttpServerEdge
            // builds carries the whole TLS set-up, so these stay empty
            engines.setTLSServerParametersForPort(port, new org.apache.cxf.configuration.jsse.TLSServerParameters());
        }
        org.apache.cxf.transport.http_jetty.JettyHTTPServerEngine engine = engines.createJettyHTTPServerEngine(httpHost, port,
                protocol);
        ir.meganaft.ragateway.soap.HttpServerEdge.configure(engine, httpHost, port, httpLimits(), tls);
        return engine;
    }

    private ir.meganaft.ragateway.soap.HttpServerEdge.Limits httpLimits() {
        return new ir.meganaft.ragateway.soap.HttpServerEdge.Limits(httpMaxRequestBytes, httpMaxHeaderBytes, httpIdleTimeoutMs,
                httpMinThreads, httpMaxThreads, httpMaxConnections, httpMaxAttachments, httpMaxAttachmentBytes, httpMaxReadMs,
                httpEagerReadBytes, new ir.meganaft.ragateway.soap.HttpServerEdge.LargeBodies(httpMaxLargeBodies,
                        httpMaxWaitingLargeBodies, httpMaxWaitMs));
    }

    /** CRLs and the CA certificate over plain HTTP, on gateway.http.port (not the SOAP endpoints' https port), under /pki. */
    private void publishPkiFiles(CamelContext context, PkiFiles files) throws Exception {
        org.apache.cxf.jaxrs.JAXRSServerFactoryBean factory = new org.apache.cxf.jaxrs.JAXRSServerFactoryBean();
        factory.setAddress("http://" + httpHost + ":" + httpPort + "/pki");
        factory.setServiceBean(files);
        org.apache.cxf.endpoint.Server server = factory.create();
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                server.destroy();
            }
        }, true, true);
        LOG.info("CRLs at http://{}:{}/pki/crl/{} and /pki/crl/{}; CA certificate at /pki/issuing-ca.cer", httpHost, httpPort,
                CrlPublisher.FULL_FILE, CrlPublisher.DELTA_FILE);
    }

    /**
     * One SOAP port at {@code path}: listening on gateway.http.host and gateway.https.port, and advertised in its
     * WSDL (every port of it, both SOAP versions, and the schema locations) at the public address
     * ({@link PublicAddress}) + {@code path}, whatever Host header a request carries (docs/stack.md trap 11).
     */
    private void bindEndpoint(CamelContext context, String name, String path, Class<?> serviceClass, String wsdl,
            QName service, QName port) {
        String address = listeningOrigin() + path;
        String publicAddress = publicOrigin() + path;
        CxfEndpoint endpoint = new CxfEndpoint();
        endpoint.setCamelContext(context);
        endpoint.setAddress(address);
        // The WSDL and its schemas are served with this port's public address rather than one built from the
        // request; CXF gives the WSDL's other ports the same scheme, host and port with their own paths.
        endpoint.setPublishedEndpointUrl(publicAddress);
        endpoint.setServiceClass(serviceClass);
        endpoint.setWsdlURL("classpath:" + wsdl);
        endpoint.setServiceNameAsQName(service);
        endpoint.setPortNameAsQName(port);
        endpoint.setDataFormat(DataFormat.POJO);
        endpoint.setMtomEnabled(false); // MTOM is accepted inbound; answers stay plain SOAP for legacy callers
        CxfHeaderFilterStrategy headers = new CxfHeaderFilterStrategy();
        headers.setRelayHeaders(false); // never echo a caller's SOAP headers (docs/stack.md trap 2)
        // nor its HTTP headers: Camel would copy every request header (Authorization, Cookie...) into the
        // answer; CXF sets the answer's own (Content-Type) itself
        headers.setOutFilterPattern(".*");
        endpoint.setHeaderFilterStrategy(headers);
        endpoint.setProperties(new java.util.HashMap<>(Map.of("faultStackTraceEnabled", "false",
                "exceptionMessageCauseEnabled", "false", WSDLGetUtils.AUTO_REWRITE_ADDRESS_ALL, "true",
                // CXF's own attachment limits, alike (soap/HttpEdge counts and refuses first, on the raw body)
                org.apache.cxf.attachment.AttachmentDeserializer.ATTACHMENT_MAX_COUNT, Integer.toString(httpMaxAttachments),
                org.apache.cxf.attachment.AttachmentDeserializer.ATTACHMENT_MAX_SIZE, Long.toString(httpMaxAttachmentBytes))));
        endpoint.setCxfConfigurer(new ir.meganaft.ragateway.soap.SoapEndpointSettings());
        endpoint.getInInterceptors().add(new ir.meganaft.ragateway.soap.HttpEdge(httpLimits()));
        endpoint.getInInterceptors().add(new ir.meganaft.ragateway.soap.HttpEdge.AllPartsRead());
        endpoint.getInInterceptors().add(new ir.meganaft.ragateway.soap.HttpEdge.RequestElementRequired());
        // who is calling, and may they call this operation: decided here, once, before any route runs (issue 12)
        ir.meganaft.ragateway.soap.CallerEdge edge = new ir.meganaft.ragateway.soap.CallerEdge(service.getLocalPart(), callers,
                policy);
        endpoint.getInInterceptors().add(edge);
        endpoint.getInInterceptors().add(edge.authorization());
        endpoint.getInInterceptors().add(edge.ownIdentity());
        endpoint.getOutFaultInterceptors().add(new SoapFaultInterceptor());
        endpoint.getOutInterceptors().add(new ir.meganaft.ragateway.soap.NoEchoedHeaders());
        endpoint.getOutFaultInterceptors().add(new ir.meganaft.ragateway.soap.NoEchoedHeaders());
        bind(context, name, endpoint);
        LOG.info("SOAP endpoint {} at {} (WSDL: {}?wsdl)", port.getLocalPart(), publicAddress, publicAddress);
    }

    /** Where the SOAP endpoints listen: gateway.http.host and gateway.https.port, over mutual TLS. */
    private String listeningOrigin() {
        return "https://" + httpHost + ":" + httpsPort;
    }

    /** Where callers reach them, as every served WSDL says: gateway.http.public-url, blank for the listening address. */
    private String publicOrigin() {
        return PublicAddress.origin(publicUrl, listeningOrigin());
    }

    /** A misspelt setting would be ignored without a word: each one is named in the start log. */
    private static void reportUnusedSettings(CamelContext context) {
        UnusedSettings check = UnusedSettings.packaged();
        java.util.Properties configured = context.getPropertiesComponent().loadProperties(key -> key.startsWith("gateway."));
        for (String key : check.unusedKeys(configured.stringPropertyNames())) {
            LOG.warn("Setting {} is not used by the gateway (misspelt?); it is ignored", key);
        }
        for (String variable : check.unusedEnvironment(System.getenv())) {
            LOG.warn("Environment variable {} sets nothing; it is ignored", variable);
        }
    }

    /**
     * Every setting under a prefix, with the prefix taken off the keys: the keys come from the
     * property files, each value is resolved as usual (so an environment variable still wins).
     */
    private static Map<String, String> settings(CamelContext context, String prefix) {
        Map<String, String> out = new java.util.TreeMap<>();
        java.util.Properties found = context.getPropertiesComponent().loadProperties(key -> key.startsWith(prefix));
        for (String key : found.stringPropertyNames()) {
            out.put(key.substring(prefix.length()), context.getPropertiesComponent().resolveProperty(key)
                    .orElse(found.getProperty(key)));
        }
        return out;
    }

    private static void bind(CamelContext context, String name, Object bean) {
        context.getRegistry().bind(name, bean);
    }

    private Path resolve(String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : Path.of(home).resolve(p)).toAbsolutePath().normalize();
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
