package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.ca.CertificateAuthority;
import ir.meganaft.ragateway.ca.CertificateProfile;
import ir.meganaft.ragateway.ca.LocalCertificateAuthority;
import ir.meganaft.ragateway.ca.RaSignedRequests;
import ir.meganaft.ragateway.csr.CsrChecks;
import ir.meganaft.ragateway.issuance.IssuanceService;
import ir.meganaft.ragateway.keys.DevelopmentKeys;
import ir.meganaft.ragateway.keys.KeyLocations;
import ir.meganaft.ragateway.keys.Pkcs12Keys;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.notification.CallbackAddresses;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.ChannelDetails;
import ir.meganaft.ragateway.request.Check;
import ir.meganaft.ragateway.request.CheckKind;
import ir.meganaft.ragateway.request.Representative;
import ir.meganaft.ragateway.request.RequestState;
import ir.meganaft.ragateway.request.SubmittedDocument;
import ir.meganaft.ragateway.security.Caller;
import ir.meganaft.ragateway.store.CaLedgerStore;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.Database;
import ir.meganaft.ragateway.store.RequestStore;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The RA's domain on an in-memory H2 database, without a gateway: the stores, the local CA with
 * development keys and issuance, the CSR policy and the callback addresses of the tests' systems.
 * For the domain services' own tests; open one per test class and close it after.
 */
public final class InMemoryRa implements AutoCloseable {
    public static final Clock CLOCK = Clock.systemUTC();
    /** A back-office system of NIOC, and another of the same company; a system of another company. */
    public static final String SYSTEM = "NIOC-HR";

    public static final String SIBLING = "NIOC-FIN";
    public static final String STRANGER = "NIGC-HR";
    /** The callback addresses registered for {@link #SYSTEM}. */
    public static final String CALLBACKS = "https://hr.nioc.example/ra-callbacks";

    public static final String NATIONAL_CODE = "0499370899";
    /** Sara Ahmadi's national code (docs/domain.md). */
    public static final String OTHER_NATIONAL_CODE = "4400276201";

    public final Database database;
    public final RequestStore requests;
    public final CertificateStore certificates;
    public final CertificateAuthority ca;
    public final RaSignedRequests raRequests;
    public final IssuanceService issuance;
    public final CsrChecks checks = new CsrChecks(2048, 4096, 16384);
    public final CallbackAddresses callbacks = new CallbackAddresses(Map.of(SYSTEM, CALLBACKS), Map.of());

    private InMemoryRa(Path keys, String name) {
        Security.addProvider(new BouncyCastleProvider());
        KeyLocations locations = new KeyLocations(
                keys.resolve("ca.p12"),
                "ca",
                keys.resolve("ra.p12"),
                "ra",
                keys.resolve("password"),
                "NO_SUCH_VARIABLE_IN_TESTS");
        new DevelopmentKeys().createIfMissing(locations, "EC-P256", "EC-P256");
        Signer caKey = Pkcs12Keys.load(locations.caKeystore(), "ca", locations.password());
        Signer raKey = Pkcs12Keys.load(locations.raKeystore(), "ra", locations.password());
        database = TestDatabase.H2.open(name, 8);
        requests = new RequestStore(database, CLOCK);
        certificates = new CertificateStore(database);
        CertificateProfile profile = new CertificateProfile(
                Duration.ofDays(365),
                List.of("digitalSignature"),
                List.of("clientAuth"),
                "2.25.1234567",
                "",
                "http://crl.example/ca.crl",
                "http://crl.example/ca-delta.crl",
                "http://ca.example/ca.cer",
                "");
        ca = new LocalCertificateAuthority(
                caKey, List.of(raKey.certificate()), profile, new CaLedgerStore(database), certificates, CLOCK);
        raRequests = new RaSignedRequests(
                raKey,
                X500Name.getInstance(
                        caKey.certificate().getSubjectX500Principal().getEncoded()),
                CLOCK);
        issuance = new IssuanceService(requests, certificates, raRequests, ca, CLOCK);
    }

    /** Keys in {@code keys} (a test's temporary folder), a new in-memory database named after the test class. */
    public static InMemoryRa open(Path keys, Class<?> testClass) {
        return new InMemoryRa(keys, testClass.getSimpleName());
    }

    /** The back-office system {@code id} of NIOC, which sees its own requests and, for {@link #SYSTEM}, its sibling's. */
    public static Caller.BackOfficeSystem system(String id) {
        if (id.equals(STRANGER)) {
            return new Caller.BackOfficeSystem(id, "NIGC", Set.of(id));
        }
        return new Caller.BackOfficeSystem(id, "NIOC", id.equals(SYSTEM) ? Set.of(SYSTEM, SIBLING) : Set.of(id));
    }

    /** Ali Rezaei, an individual, as intake stores him. */
    public static Applicant ali() {
        return new Applicant(
                ApplicantKind.INDIVIDUAL,
                "علی",
                "رضایی",
                "Ali",
                "Rezaei",
                NATIONAL_CODE,
                null,
                "ali.rezaei@nioc.example",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** Inside the industry, through NIOC's R&D unit. */
    public static ChannelDetails insideNioc() {
        return new ChannelDetails(
                Channel.INSIDE_INDUSTRY, "شرکت ملی نفت ایران", "R&D Tehran", "NIOC contracts office", null, null);
    }

    /** A CSR for Ali with {@code keys}, as his back-office system would send it. */
    public static byte[] aliCsr(KeyPair keys) {
        return TestCsrs.csr(TestCsrs.person("علی رضایی", NATIONAL_CODE), keys);
    }

    /** Sara Ahmadi, who applies for Ali under a power of attorney: Ali as intake stores him, kind REPRESENTATIVE. */
    public static Applicant aliThroughSara() {
        Representative sara = new Representative(
                "سارا",
                "احمدی",
                OTHER_NATIONAL_CODE,
                "s.ahmadi@nidc.example",
                "09121234567",
                "IN_PERSON",
                "POA-1405-0042",
                "may apply for and collect Ali's certificate",
                java.time.LocalDate.now(CLOCK).plusYears(1));
        return new Applicant(
                ApplicantKind.REPRESENTATIVE,
                "علی",
                "رضایی",
                "Ali",
                "Rezaei",
                NATIONAL_CODE,
                null,
                "ali.rezaei@nioc.example",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "CERTIFIED_COPIES",
                sara);
    }

    /** Outside the industry: the applicant came to the RA office in Tehran and pays the tariff there. */
    public static ChannelDetails outsideTehran() {
        return new ChannelDetails(Channel.OUTSIDE_INDUSTRY, null, null, null, "RA office, Tehran", null);
    }

    /** A document on file, valid two more years; a null holder makes it the applicant's (the organization's). */
    public static SubmittedDocument document(String holder, String type) {
        return document(holder, type, java.time.LocalDate.now(CLOCK).plusYears(2));
    }

    public static SubmittedDocument document(String holder, String type, java.time.LocalDate expiryDate) {
        return new SubmittedDocument(
                type, holder, type.substring(0, 3) + "-1", null, null, expiryDate, null, null, null, null);
    }

    /**
     * An ISSUE request from {@code system} for {@code applicant} with {@code csr} and these documents,
     * stored RECEIVED as intake stores it (nothing checked). Returns its id.
     */
    public String received(
            String system, Applicant applicant, ChannelDetails channel, byte[] csr, List<SubmittedDocument> documents) {
        var parsed = checks.parser().parseDer(csr);
        CertificateRequest request = CertificateRequest.issue(
                new CertificateRequest.Sender(system, "c-" + java.util.UUID.randomUUID(), null, null),
                "hash",
                applicant,
                channel,
                new CertificateRequest.Csr(
                        csr,
                        parsed.publicKeyFingerprint(),
                        org.bouncycastle.asn1.x500.style.RFC4519Style.INSTANCE.toString(parsed.subject())),
                null,
                null,
                CLOCK.instant());
        requests.insert(request, documents, "caller:" + system);
        return request.id();
    }

    /**
     * A certificate issued for Ali to {@code system}: an ISSUE request stored, moved through vetting
     * and approval as officers would move it, and issued by the CA. Returns the request's id.
     */
    public String issuedFor(String system, KeyPair keys) {
        String id = received(system, ali(), insideNioc(), aliCsr(keys), List.of());
        moveThrough(id, RequestState.PENDING_VETTING, RequestState.PENDING_APPROVAL, RequestState.APPROVED);
        RequestState issued = issuance.issue(id);
        if (issued != RequestState.ISSUED) {
            throw new IllegalStateException("Not issued: " + requests.find(id).orElseThrow());
        }
        return id;
    }

    /** Moves a request through {@code states} in turn, as the officers' decisions would. */
    public void moveThrough(String requestId, RequestState... states) {
        for (RequestState state : states) {
            requests.locked(requestId, tx -> {
                tx.moveTo(state, "officer:test", null);
                return state;
            });
        }
    }

    /** Request {@code id} as stored now. */
    public CertificateRequest stored(String id) {
        return requests.find(id).orElseThrow();
    }

    /** The evidence of one kind kept for request {@code id}, oldest first. */
    public List<Check> checksOf(String id, CheckKind kind) {
        return requests.checks(id).stream().filter(c -> c.kind() == kind).toList();
    }

    /** The serial number of the certificate issued for request {@code requestId}. */
    public String serialOf(String requestId) {
        return certificates.forRequest(requestId).orElseThrow().serialNumber();
    }

    /** How many requests (system, clientRequestId) names: at most one. */
    public int requestsNamed(String system, String clientRequestId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "select count(*) from cert_request where caller_system_id = :s and client_request_id = :c")
                        .bind("s", system)
                        .bind("c", clientRequestId)
                        .mapTo(Integer.class)
                        .one());
    }

    @Override
    public void close() {
        database.close();
    }
}
