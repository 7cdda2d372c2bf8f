package ir.meganaft.ragateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateResponse;
import ir.meganaft.ragateway.contract.status.CertificateStatus;
import ir.meganaft.ragateway.contract.status.CheckCertificateStatusRequest;
import ir.meganaft.ragateway.contract.status.IssuerAndSerial;
import ir.meganaft.ragateway.contract.status.StatusServicePortType;
import ir.meganaft.ragateway.contract.types.RequestState;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The drills of the kill -9 tests ({@code CrashIT} on the embedded H2, {@code PostgresCrashIT} on
 * PostgreSQL): work under way when something kills the gateway process, and what callers and
 * relying parties see of it once the gateway runs again. The kill itself is the caller's
 * ({@code kill}), so a drill can also take the database down with it.
 */
public final class CrashDrills {
    /** A submission the gateway answered with a request id, and the request as it was sent. */
    public record Acknowledged(SubmitCertificateRequest request, String requestId) {}

    private final GatewayProcess gateway;
    private final X509Certificate ca;

    /** @param ca the issuing CA's certificate, whose name the status service is asked under */
    public CrashDrills(GatewayProcess gateway, X509Certificate ca) {
        this.gateway = gateway;
        this.ca = ca;
    }

    /** Clients at work on the gateway, each on its own thread, until a crash ends them ({@link #crash}). */
    public abstract static class Work {
        private final String what;
        final ExecutorService threads;
        private final AtomicBoolean crashing = new AtomicBoolean();
        private final List<String> refusedBeforeCrash = new CopyOnWriteArrayList<>();

        Work(String what, int threads) {
            this.what = what;
            this.threads = Executors.newFixedThreadPool(threads);
        }

        /** True once a call was refused while nothing was crashing: the drill has failed. */
        public boolean anyRefused() {
            return !refusedBeforeCrash.isEmpty();
        }

        boolean crashing() {
            return crashing.get();
        }

        void refused(String failure) {
            if (!crashing.get()) {
                refusedBeforeCrash.add(failure);
            }
        }
    }

    /** Submissions from several clients at once; see {@link #submitting}. */
    public static final class Submissions extends Work {
        private final Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();

        Submissions(int submitters) {
            super("submissions", submitters);
        }

        public Collection<Acknowledged> acknowledged() {
            return List.copyOf(acknowledged.values());
        }
    }

    /** Approvals by three registrars at once; see {@link #approving}. */
    public static final class Approvals extends Work {
        private final Set<String> approved = ConcurrentHashMap.newKeySet();

        Approvals() {
            super("approvals", 3);
        }

        /** The acknowledged approvals (live: {@link #approveWhatStillWaits} adds to it). */
        public Set<String> approved() {
            return approved;
        }
    }

    /**
     * Ends {@code work} with {@code crash} (a kill, say): the calls that fail from the moment it
     * begins are its doing; a call refused before it fails the drill.
     */
    public static void crash(Runnable crash, Work... work) throws InterruptedException {
        for (Work w : work) {
            w.crashing.set(true);
        }
        try {
            crash.run();
        } finally {
            for (Work w : work) {
                stop(w.threads);
            }
        }
        for (Work w : work) {
            assertThat(w.refusedBeforeCrash)
                    .as("%s refused before the crash", w.what)
                    .isEmpty();
        }
    }

    /** Starts {@code submitters} clients, each sending up to {@code perSubmitter} new requests, one after another. */
    public Submissions submitting(int submitters, int perSubmitter) {
        Submissions work = new Submissions(submitters);
        for (int i = 0; i < submitters; i++) {
            work.threads.execute(() -> {
                RegistrationServicePortType registration = gateway.registration();
                for (int n = 0; n < perSubmitter && !work.crashing(); n++) {
                    SubmitCertificateRequest request =
                            Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
                    try {
                        SubmitCertificateResponse answer = registration.submitCertificateRequest(request);
                        work.acknowledged.put(
                                request.getHeader().getClientRequestId(),
                                new Acknowledged(request, answer.getRequestId()));
                    } catch (Exception e) {
                        work.refused(e.toString());
                    }
                }
            });
        }
        return work;
    }

    /** Starts three registrars approving a share each of {@code batch} (vetted, waiting for approval). */
    public Approvals approving(List<String> batch) {
        Approvals work = new Approvals();
        for (int i = 0; i < 3; i++) {
            List<String> share = everyThird(batch, i);
            work.threads.execute(() -> {
                OfficerServicePortType officer = gateway.officer();
                for (String id : share) {
                    if (work.crashing()) {
                        return;
                    }
                    try {
                        officer.approveRequest(Requests.approve(id));
                        work.approved.add(id);
                    } catch (Exception e) {
                        work.refused(id + ": " + e);
                    }
                }
            });
        }
        return work;
    }

    /**
     * Submissions from {@code submitters} clients until {@code killAfter} are acknowledged; then
     * {@code kill} runs while they still send.
     *
     * @return the acknowledged submissions
     */
    public Collection<Acknowledged> submitUntil(int submitters, int perSubmitter, int killAfter, Runnable kill)
            throws InterruptedException {
        Submissions submissions = submitting(submitters, perSubmitter);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> submissions.acknowledged.size() >= killAfter || submissions.anyRefused());
        crash(kill, submissions);
        return submissions.acknowledged();
    }

    /**
     * Three registrars approve {@code batch} (vetted, waiting for approval) until the CA has issued
     * {@code killAfterIssued} of them; then {@code kill} runs while approvals still go on.
     *
     * @return the acknowledged approvals
     */
    public Set<String> approveUntil(List<String> batch, int killAfterIssued, Runnable kill)
            throws InterruptedException {
        long issuedBefore = issuedInCurrentRun();
        Approvals approvals = approving(batch);
        await("issuance under way")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> issuedInCurrentRun() - issuedBefore >= killAfterIssued || approvals.anyRefused());
        crash(kill, approvals);
        return approvals.approved();
    }

    /** How many certificates the current run of the gateway has logged as issued. */
    public long issuedInCurrentRun() {
        return gateway.linesInCurrentLog("Issued certificate");
    }

    /**
     * After a restart, a registrar approves again what of {@code batch} still waits for approval
     * (the kill may have cut off an approval before it happened) and adds it to {@code approved}.
     */
    public void approveWhatStillWaits(List<String> batch, Set<String> approved) {
        RegistrationServicePortType registration = gateway.registration();
        OfficerServicePortType officer = gateway.officer();
        for (String id : batch) {
            if (!approved.contains(id) && stateOf(registration, id).equals(RequestState.PENDING_APPROVAL.name())) {
                try {
                    officer.approveRequest(Requests.approve(id));
                } catch (Exception e) {
                    throw new IllegalStateException("Approving " + id + " again after the restart: " + describe(e), e);
                }
                approved.add(id);
            }
        }
    }

    /** Acknowledged submissions that, sent again, are not answered as duplicates of the same request. */
    public List<String> notRecognisedWhenSentAgain(Collection<Acknowledged> acknowledged) throws Exception {
        RegistrationServicePortType registration = gateway.registration();
        List<String> notRecognised = new ArrayList<>();
        for (Acknowledged a : acknowledged) {
            SubmitCertificateResponse again = registration.submitCertificateRequest(a.request());
            if (!again.getRequestId().equals(a.requestId()) || !again.isDuplicate()) {
                notRecognised.add(a.request().getHeader().getClientRequestId() + " was " + a.requestId() + ", now "
                        + again.getRequestId() + " duplicate=" + again.isDuplicate());
            }
        }
        return notRecognised;
    }

    /** Submits {@code count} requests (with a callback address if given); returns their ids. */
    public List<String> submitted(int count, String replyTo) throws Exception {
        RegistrationServicePortType registration = gateway.registration();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SubmitCertificateRequest request =
                    Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"));
            request.getHeader().setReplyTo(replyTo);
            ids.add(registration.submitCertificateRequest(request).getRequestId());
        }
        return ids;
    }

    /** Vets the given requests, leaving them waiting for approval. */
    public List<String> vetted(List<String> ids) throws Exception {
        Walk walk = walk();
        for (String id : ids) {
            walk.vet(id);
        }
        return ids;
    }

    /** Vets, approves and waits for the certificates of the given requests. */
    public List<String> issued(List<String> ids) throws Exception {
        Walk walk = walk();
        OfficerServicePortType officer = gateway.officer();
        for (String id : ids) {
            walk.vet(id);
            officer.approveRequest(Requests.approve(id));
        }
        for (String id : ids) {
            walk.awaitState(id, RequestState.ISSUED);
        }
        return ids;
    }

    private Walk walk() {
        return new Walk(gateway.registration(), gateway.officer());
    }

    public static Collection<String> ids(Collection<Acknowledged> acknowledged) {
        return acknowledged.stream().map(Acknowledged::requestId).toList();
    }

    /** The requests not in {@code wanted}, with the state they are in (or the fault asking for it gave). */
    public Map<String, String> statesOtherThan(Collection<String> ids, RequestState wanted) {
        RegistrationServicePortType registration = gateway.registration();
        Map<String, String> others = new TreeMap<>();
        for (String id : ids) {
            String state = stateOf(registration, id);
            if (!state.equals(wanted.name())) {
                others.put(id, state);
            }
        }
        return others;
    }

    private static String stateOf(RegistrationServicePortType registration, String id) {
        try {
            return registration
                    .getRequestStatus(Requests.status(id))
                    .getRequest()
                    .getState()
                    .name();
        } catch (Exception e) {
            String code = Faults.codeOf(e);
            return code != null ? "fault " + code : describe(e);
        }
    }

    /**
     * For each request, the certificate the gateway serves must be the only one the logs say the
     * CA signed for it, and the status service must know it.
     */
    public List<String> notExactlyOneCertificate(Collection<String> ids) {
        RegistrationServicePortType registration = gateway.registration();
        Map<String, Set<BigInteger>> signed = SignedInLogs.read(gateway.logs());
        StatusServicePortType status = gateway.status();
        List<String> problems = new ArrayList<>();
        for (String id : new TreeSet<>(ids)) {
            Set<BigInteger> logged = signed.getOrDefault(id, Set.of());
            BigInteger served;
            try {
                served = new BigInteger(
                        registration
                                .getCertificate(Requests.certificate(id))
                                .getCertificate()
                                .getSerialNumber(),
                        16);
            } catch (Exception e) {
                problems.add(id + ": no certificate served (" + e + "), signed " + hex(logged));
                continue;
            }
            CertificateStatus known = statusOf(status, served);
            if (!logged.equals(Set.of(served)) || known != CertificateStatus.GOOD) {
                problems.add(id + ": serves " + served.toString(16) + " (" + known + "), signed " + hex(logged));
            }
        }
        return problems;
    }

    /** What the logs of every run say the CA signed, held against the status service. */
    public record Signatures(
            Map<String, Set<BigInteger>> signed,
            Map<String, List<String>> signedTwice,
            Map<String, String> unknownToStatus) {}

    /** Every signature the logs of all runs record: requests signed for twice, serials the status service does not know. */
    public Signatures signatures() {
        Map<String, Set<BigInteger>> signed = SignedInLogs.read(gateway.logs());
        Map<String, List<String>> signedTwice = new TreeMap<>();
        Map<String, String> unknownToStatus = new TreeMap<>();
        StatusServicePortType status = gateway.status();
        signed.forEach((request, serials) -> {
            if (serials.size() > 1) {
                signedTwice.put(request, hex(serials));
            }
            serials.forEach(serial -> {
                if (statusOf(status, serial) == CertificateStatus.UNKNOWN) {
                    unknownToStatus.put(serial.toString(16), request);
                }
            });
        });
        return new Signatures(signed, signedTwice, unknownToStatus);
    }

    public CertificateStatus statusOf(StatusServicePortType status, BigInteger serial) {
        CheckCertificateStatusRequest request = new CheckCertificateStatusRequest();
        IssuerAndSerial issuerAndSerial = new IssuerAndSerial();
        issuerAndSerial.setIssuer(ca.getSubjectX500Principal().getName());
        issuerAndSerial.setSerialNumber(serial.toString(16));
        request.setIssuerAndSerial(issuerAndSerial);
        try {
            return status.checkCertificateStatus(request).getStatus();
        } catch (Exception e) {
            throw new IllegalStateException("checkCertificateStatus " + serial.toString(16), e);
        }
    }

    /**
     * Polls {@code snapshot} until {@code done} holds or {@code atMost} passes, and returns the last
     * snapshot either way, so the test can report everything that is still wrong at once.
     */
    public static <T> T settle(Duration atMost, Callable<T> snapshot, Predicate<T> done) throws Exception {
        AtomicReference<T> last = new AtomicReference<>();
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
                last.set(snapshot.call());
                return done.test(last.get());
            });
            return last.get();
        } catch (ConditionTimeoutException stillWrong) {
            // a fresh look, taken whole: the timeout may have interrupted the last one mid-way
            return snapshot.call();
        }
    }

    /** The failure and its root cause, for transport errors that CXF wraps. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + " (" + root + ")";
    }

    public static List<String> hex(Collection<BigInteger> serials) {
        return serials.stream().map(s -> s.toString(16)).toList();
    }

    private static List<String> everyThird(List<String> list, int offset) {
        List<String> share = new ArrayList<>();
        for (int i = offset; i < list.size(); i += 3) {
            share.add(list.get(i));
        }
        return share;
    }

    public static void stop(ExecutorService threads) throws InterruptedException {
        threads.shutdownNow();
        if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Client threads did not stop");
        }
    }
}
