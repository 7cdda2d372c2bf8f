package ir.meganaft.ragateway.wiring;

import ir.meganaft.ragateway.caoperations.CaOperations;
import ir.meganaft.ragateway.csr.CsrChecks;
import ir.meganaft.ragateway.identity.CivilRegistry;
import ir.meganaft.ragateway.identity.HttpCivilRegistry;
import ir.meganaft.ragateway.identity.NoCivilRegistry;
import ir.meganaft.ragateway.intake.ApplicationRules;
import ir.meganaft.ragateway.intake.EvidenceFiles;
import ir.meganaft.ragateway.intake.EvidenceScans;
import ir.meganaft.ragateway.intake.IntakeService;
import ir.meganaft.ragateway.issuance.IssuanceService;
import ir.meganaft.ragateway.lifecycle.RenewalService;
import ir.meganaft.ragateway.lifecycle.RevocationService;
import ir.meganaft.ragateway.messaging.QueuedRequestIds;
import ir.meganaft.ragateway.notification.CallbackAddresses;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.security.Officers;
import ir.meganaft.ragateway.soap.OfficerSoap;
import ir.meganaft.ragateway.soap.RegistrationSoap;
import ir.meganaft.ragateway.store.EvidenceScanStore;
import ir.meganaft.ragateway.store.RequestStore;
import ir.meganaft.ragateway.tracking.RequestTracking;
import ir.meganaft.ragateway.vetting.AutomaticVetting;
import ir.meganaft.ragateway.vetting.DocumentRequirements;
import ir.meganaft.ragateway.vetting.EvidenceArchive;
import ir.meganaft.ragateway.vetting.OfficerDecisions;
import ir.meganaft.ragateway.vetting.StalledRequests;
import ir.meganaft.ragateway.vetting.Tariff;
import ir.meganaft.ragateway.vetting.Waiting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.PropertyInject;

/**
 * A request's way from intake to the CA: intake and its CSR checks, automatic vetting and the
 * officers' decisions, renewal and revocation, the CA operations, the recovery of stalled
 * requests, and the back-office and officer services' adapters. routes/registration, vetting,
 * officer, issuance and recovery run them.
 */
public final class RequestsRoom {
    @PropertyInject("gateway.csr.minimum-rsa-bits")
    private int minimumRsaBits;

    @PropertyInject("gateway.csr.maximum-rsa-bits")
    private int maximumRsaBits;

    @PropertyInject("gateway.csr.maximum-bytes")
    private int maximumCsrBytes;

    @PropertyInject("gateway.profile.name")
    private String profileNames;

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

    @PropertyInject("gateway.revocation.key-compromise-immediate")
    private boolean keyCompromiseImmediate;

    @PropertyInject("gateway.renewal.same-key-allowed")
    private boolean renewalSameKeyAllowed;

    @PropertyInject("gateway.recovery.idle-seconds")
    private long recoveryIdleSeconds;

    /** What the results' room needs of this one: the requests, and the callback addresses registered per system. */
    public record Requests(RequestStore store, CallbackAddresses callbackAddresses) {}

    public Requests wire(
            Boot boot,
            KeysRoom.Keys keys,
            StorageRoom.Storage storage,
            CaRoom.Ca ca,
            CallersRoom.Callers callers,
            CrlRoom.Crls crls,
            BrokerRoom.Messaging messaging) {
        var clock = boot.clock();
        var certificates = ca.certificates();
        RequestStore requests = new RequestStore(storage.database(), clock);
        Officers officers = callers.principals().officers();
        CsrChecks checks = new CsrChecks(minimumRsaBits, maximumRsaBits, maximumCsrBytes);
        Tariff tariff = new Tariff(tokenTariff, issuanceTariff);
        // scans in the database, so every instance serves them; the folder only for scans stored before
        EvidenceScans evidence = new EvidenceScanStore(
                storage.database(), new EvidenceFiles(boot.data().resolve("evidence")));
        DocumentRequirements documentRequirements =
                DocumentRequirements.fromSettings(boot.settings("gateway.documents."));
        java.util.Map<String, Set<ir.meganaft.ragateway.request.ApplicantKind>> profiles = new java.util.TreeMap<>();
        for (String name : Boot.list(profileNames)) {
            profiles.put(name, java.util.EnumSet.allOf(ir.meganaft.ragateway.request.ApplicantKind.class));
        }
        ca.profiles()
                .applicantKindsByName()
                .forEach((name, kinds) -> profiles.put(
                        name,
                        kinds.stream()
                                .map(ir.meganaft.ragateway.request.ApplicantKind::valueOf)
                                .collect(java.util.stream.Collectors.toSet())));
        // the subject rules of each profile, as the in-process CA applies them (with a remote CA, as the gateway's
        // configuration says): a subject the profile does not allow is refused at intake, before anything is stored
        ApplicationRules rules = new ApplicationRules(
                documentRequirements, profiles, ca.profiles().subjectRulesByName(), clock);
        CivilRegistry registry = civilRegistryUrl.isBlank()
                ? new NoCivilRegistry()
                : new HttpCivilRegistry(civilRegistryUrl, Duration.ofMillis(civilRegistryTimeoutMs));
        // the callback addresses registered per caller system: replyTo is checked against them at intake and delivery
        CallbackAddresses callbackAddresses =
                new CallbackAddresses(boot.settings("gateway.callbacks."), boot.settings("gateway.callback-prefixes."));

        IntakeService intake = new IntakeService(requests, evidence, checks, rules, callbackAddresses, clock);
        boot.bind("intake", intake);
        boot.bind("automaticVetting", new AutomaticVetting(requests, certificates, checks, registry, clock));
        OfficerDecisions decisions = new OfficerDecisions(
                requests,
                officers,
                tariff,
                fourEyes,
                documentRequirements,
                requestId -> certificates.forRequest(requestId).map(IssuedCertificate::status),
                clock);
        RevocationService revocations = new RevocationService(
                requests,
                certificates,
                ca.authority(),
                ca.raRequests(),
                officers,
                keyCompromiseImmediate,
                callbackAddresses,
                clock);
        boot.bind("revocations", revocations);
        RenewalService renewals = new RenewalService(
                requests,
                certificates,
                ca.issuingCa().getSubjectX500Principal(),
                checks,
                renewalSameKeyAllowed,
                callbackAddresses,
                clock);
        boot.bind(
                "caOperations",
                new CaOperations(
                        requests,
                        new IssuanceService(requests, certificates, ca.raRequests(), ca.authority(), clock),
                        revocations));
        BrokerRoom.Queues queues = messaging.queues();
        boot.bind(
                "stalledRequests",
                new StalledRequests(
                        requests,
                        new QueuedRequestIds(
                                messaging.jms(),
                                Map.of(
                                        RequestState.RECEIVED,
                                        List.of(queues.vetting(), queues.vettingDeadLetters()),
                                        RequestState.APPROVED,
                                        List.of(queues.issuance(), queues.issuanceDeadLetters())),
                                messaging.broker()::heldRequestIds),
                        Duration.ofSeconds(recoveryIdleSeconds),
                        clock));

        RequestTracking tracking = new RequestTracking(requests, certificates, ca.authority(), new Waiting(tariff));
        boot.bind("registrationSoap", new RegistrationSoap(intake, revocations, renewals, tracking, crls.publisher()));
        boot.bind(
                "officerSoap",
                new OfficerSoap(
                        decisions,
                        new EvidenceArchive(requests, certificates, officers, evidence::read),
                        tracking,
                        revocations,
                        crls.push(),
                        officers));
        return new Requests(requests, callbackAddresses);
    }
}
