package ir.meganaft.ragateway.crl;

import ir.meganaft.ragateway.keys.Signer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds, signs and publishes the issuing CA's full and delta CRLs (RFC 5280): a CRL number from
 * the database sequence, authority key identifier, issuing distribution point (the same in full
 * and delta CRLs, so they have one scope), reason codes and invalidity dates per entry; the full
 * CRL points to the delta with freshestCRL, the delta names its base with deltaCRLIndicator.
 * Entries stream from the database to the file. A CRL is published only when signed and verified,
 * with a number above every earlier one and a nextUpdate in the future; the files are replaced
 * atomically, so a crash leaves the previous CRL in place. Its bytes are recorded in the database
 * with it, so every instance serves the latest CRL, whichever published it.
 */
public final class CrlPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(CrlPublisher.class);
    public static final String FULL_FILE = "issuing-ca.crl";
    public static final String DELTA_FILE = "issuing-ca-delta.crl";

    /** How often and how long: full CRLs at most 10 days valid (docs/domain.md). */
    public record Schedule(Duration fullPeriod, Duration fullValidity, Duration deltaValidity) {
        public Schedule {
            if (fullValidity.compareTo(Duration.ofDays(10)) > 0) {
                throw new IllegalArgumentException("A full CRL's nextUpdate may be at most 10 days after thisUpdate");
            }
            if (fullPeriod.compareTo(fullValidity) >= 0) {
                throw new IllegalArgumentException("Full CRLs must be reissued before they expire");
            }
        }
    }

    private final CrlData data;
    private final Signer caSigner;
    private final X509Certificate issuerCertificate;
    /** Set for a CA elsewhere, whose CRLs are fetched rather than signed here. */
    private final RelayedCrl relayed;

    private final X500Name issuer;
    private final Path directory;
    private final String fullUrl;
    private final String deltaUrl;
    private final Schedule schedule;
    private final Clock clock;
    private final StreamingCrlWriter writer = new StreamingCrlWriter();
    private final ReentrantLock lock = new ReentrantLock();
    /** A delta also lists what changed this long before its base was read (see CrlData.forEachChanged). */
    static final Duration EVENT_COMMIT_WINDOW = Duration.ofMinutes(1);

    public CrlPublisher(
            CrlData data,
            Signer caSigner,
            Path directory,
            String fullUrl,
            String deltaUrl,
            Schedule schedule,
            Clock clock) {
        this(data, caSigner, caSigner.certificate(), null, directory, fullUrl, deltaUrl, schedule, clock);
    }

    private CrlPublisher(
            CrlData data,
            Signer caSigner,
            X509Certificate issuerCertificate,
            RelayedCrl relayed,
            Path directory,
            String fullUrl,
            String deltaUrl,
            Schedule schedule,
            Clock clock) {
        this.data = data;
        this.caSigner = caSigner;
        this.issuerCertificate = issuerCertificate;
        this.relayed = relayed;
        this.issuer =
                X500Name.getInstance(issuerCertificate.getSubjectX500Principal().getEncoded());
        this.directory = directory;
        this.fullUrl = fullUrl;
        this.deltaUrl = deltaUrl;
        this.schedule = schedule;
        this.clock = clock;
        try {
            Files.createDirectories(directory.resolve("archive"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the CRL directory " + directory, e);
        }
    }

    /**
     * A publisher for a CA elsewhere: it signs nothing, and each publication fetches the CA's own full
     * CRL instead ({@code fetch}), keeps it once its signature verifies with {@code issuer} and its
     * number is above the last one kept, and serves and pushes it as its own. Deltas are not relayed.
     */
    public static CrlPublisher relaying(
            CrlData data,
            X509Certificate issuer,
            java.util.function.Supplier<byte[]> fetch,
            Path directory,
            Clock clock) {
        return new CrlPublisher(data, null, issuer, new RelayedCrl(fetch), directory, null, null, null, clock);
    }

    /**
     * A full CRL when there is none yet, or the last is older than the period; then at once a delta
     * on it, so the delta CRL's address (in every certificate) answers from the first full CRL on,
     * and never with a delta on a superseded base.
     */
    public Optional<CrlRecord> publishFullIfDue() {
        if (relayed != null) {
            return relay();
        }
        Optional<CrlRecord> last = data.latest(CrlRecord.Kind.FULL);
        if (last.isPresent()
                && last.get().thisUpdate().plus(schedule.fullPeriod()).isAfter(clock.instant())) {
            return Optional.empty();
        }
        CrlRecord full = publishFull();
        if (deltaUrl != null && !deltaUrl.isBlank()) {
            publishDelta();
        }
        return Optional.of(full);
    }

    /**
     * On an admin's demand: a full CRL and at once its delta (when delta CRLs are published), or
     * only a delta; whatever the schedule says.
     */
    public java.util.List<CrlRecord> publishNow(boolean deltaOnly) {
        java.util.List<CrlRecord> published = new java.util.ArrayList<>();
        if (!deltaOnly) {
            published.add(publishFull());
        }
        if (deltaOnly || (deltaUrl != null && !deltaUrl.isBlank())) {
            published.add(publishDelta());
        }
        return published;
    }

    public CrlRecord publishFull() {
        if (relayed != null) {
            return relay().or(() -> data.latest(CrlRecord.Kind.FULL))
                    .orElseThrow(() -> new IllegalStateException("The CA has published no CRL yet"));
        }
        lock.lock();
        try {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            long lastEvent = data.lastRevocationEventId();
            return publish(
                    CrlRecord.Kind.FULL,
                    null,
                    now,
                    now.plus(schedule.fullValidity()),
                    lastEvent,
                    sink -> data.forEachRevoked(now, sink));
        } finally {
            lock.unlock();
        }
    }

    /** A delta CRL on the latest full CRL (a full one first, if there is none). */
    public CrlRecord publishDelta() {
        if (relayed != null) {
            return publishFull(); // a CA elsewhere: its full CRL is fetched again, deltas are not relayed
        }
        lock.lock();
        try {
            CrlRecord base = data.latest(CrlRecord.Kind.FULL).orElseGet(this::publishFull);
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Instant nextUpdate = now.plus(schedule.deltaValidity());
            if (nextUpdate.isAfter(base.nextUpdate())) {
                nextUpdate = base.nextUpdate();
            }
            if (!nextUpdate.isAfter(now)) {
                base = publishFull();
                nextUpdate = now.plus(schedule.deltaValidity());
            }
            long lastEvent = data.lastRevocationEventId();
            long after = base.lastEventId();
            Instant since = base.thisUpdate().minus(EVENT_COMMIT_WINDOW);
            return publish(
                    CrlRecord.Kind.DELTA,
                    base.number(),
                    now,
                    nextUpdate,
                    lastEvent,
                    sink -> data.forEachChanged(after, since, lastEvent, sink));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The CRL job's regular check: a full CRL when due, else a delta if a status changed since the
     * last CRL (a revocation made on another instance, whose own prompt delta waits for this one).
     */
    public Optional<CrlRecord> publishDue() {
        if (relayed != null) {
            // a CA elsewhere that cannot be reached, or serves a CRL we cannot take, is an operational
            // condition, not a defect: one line per check; the crl-freshness check warns before the
            // CRL last kept lapses, and an admin's "crl publish" still gets the reason as a fault
            try {
                return relay();
            } catch (RuntimeException e) {
                LOG.warn("The CA's CRL was not relayed this time: {}", e.getMessage());
                return Optional.empty();
            }
        }
        Optional<CrlRecord> full = publishFullIfDue();
        return full.isPresent() ? full : publishDeltaIfChanged();
    }

    /** A delta CRL if a certificate's status changed since the last CRL (after a revocation, hold or release). */
    public Optional<CrlRecord> publishDeltaIfChanged() {
        if (relayed != null) {
            return relay();
        }
        long covered = data.latestOfAnyKind().map(CrlRecord::lastEventId).orElse(-1L);
        if (covered >= data.lastRevocationEventId()) {
            return Optional.empty();
        }
        return Optional.of(publishDelta());
    }

    public Optional<CrlRecord> latest(boolean delta) {
        return data.latest(delta ? CrlRecord.Kind.DELTA : CrlRecord.Kind.FULL);
    }

    /**
     * The CRL's file on this instance's disk: in {@code archive/} where the instance that published it
     * wrote it; any other instance copies it from the database on first use into {@code copies/}, a
     * piece at a time, checks its SHA-256 and keeps it, so a large CRL is neither held in memory nor
     * read from the database on every request.
     */
    public Path fileOf(CrlRecord crl) {
        Path published = directory.resolve("archive").resolve(crl.fileName());
        Path copy = directory.resolve("copies").resolve(crl.fileName());
        try {
            if (Files.isRegularFile(published) && Files.size(published) == crl.sizeBytes()) {
                return published;
            }
            if (Files.isRegularFile(copy) && Files.size(copy) == crl.sizeBytes()) {
                return copy;
            }
            Files.createDirectories(copy.getParent());
            return copiedFromDatabase(crl, copy);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read CRL " + crl.number() + " into " + copy, e);
        }
    }

    private Path copiedFromDatabase(CrlRecord crl, Path file) throws IOException {
        Path part = Files.createTempFile(file.getParent(), crl.fileName(), ".copy");
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            boolean found;
            try (OutputStream out =
                    new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(part)), sha256)) {
                found = data.copyContent(crl.number(), out);
            }
            if (!found) {
                throw new IllegalStateException(
                        "CRL " + crl.number() + " is neither in the database nor on this instance's disk");
            }
            String copied = HexFormat.of().withUpperCase().formatHex(sha256.digest());
            if (!copied.equalsIgnoreCase(crl.sha256())) {
                throw new IllegalStateException("CRL " + crl.number() + " read from the database has SHA-256 " + copied
                        + ", not the recorded " + crl.sha256());
            }
            // racing copies of the same CRL write the same bytes: whichever moves last wins
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("Copied {} CRL {} ({} bytes) from the database", crl.kind(), crl.number(), crl.sizeBytes());
            deleteOlderCopies(crl, file.getParent());
            return file;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * Only the latest CRL of each kind is served, so older copies of its kind go, all but the one
     * before it (a request that found that one a moment ago may be about to open it).
     */
    private static void deleteOlderCopies(CrlRecord crl, Path copies) throws IOException {
        String suffix = crl.fileName().substring(crl.fileName().indexOf('-'));
        List<Long> numbers = new ArrayList<>();
        try (var files = Files.list(copies)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                String number = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : "";
                if (!number.isEmpty() && number.chars().allMatch(Character::isDigit)) {
                    numbers.add(Long.parseLong(number));
                }
            }
        }
        numbers.sort(Comparator.reverseOrder());
        for (long older : numbers.subList(Math.min(2, numbers.size()), numbers.size())) {
            Files.deleteIfExists(copies.resolve(older + suffix));
        }
    }

    private CrlRecord publish(
            CrlRecord.Kind kind,
            Long base,
            Instant thisUpdate,
            Instant nextUpdate,
            long lastEvent,
            StreamingCrlWriter.EntrySource entries) {
        long started = System.nanoTime();
        long number = data.nextCrlNumber();
        Optional<CrlRecord> previous = data.latestOfAnyKind();
        if (previous.isPresent() && previous.get().number() >= number) {
            throw new IllegalStateException("CRL number " + number + " is not above the last published "
                    + previous.get().number() + "; not published");
        }
        if (!nextUpdate.isAfter(clock.instant())) {
            throw new IllegalStateException("CRL " + number + " would have a nextUpdate in the past; not published");
        }
        String name = number + (kind == CrlRecord.Kind.FULL ? "-full.crl" : "-delta.crl");
        Path archive = directory.resolve("archive").resolve(name);
        Path part = directory.resolve("archive").resolve(name + ".part");
        try {
            StreamingCrlWriter.Result result = writer.write(
                    part,
                    issuer,
                    thisUpdate,
                    nextUpdate,
                    extensions(kind, number, base),
                    entries,
                    caSigner.newContentSigner(),
                    this::verifier);
            Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE);
            CrlRecord record = new CrlRecord(
                    number,
                    kind,
                    base,
                    thisUpdate,
                    nextUpdate,
                    lastEvent,
                    result.entries(),
                    result.sizeBytes(),
                    result.sha256(),
                    name,
                    clock.instant());
            // recorded first: the record is what every reader serves, and recording is refused when
            // this instance lost the CRL lease meanwhile or a higher number is already out
            data.record(record, archive);
            install(kind, archive);
            LOG.info(
                    "Published {} CRL {} ({} entries, {} bytes, next update {}) in {} ms",
                    kind,
                    number,
                    result.entries(),
                    result.sizeBytes(),
                    nextUpdate,
                    (System.nanoTime() - started) / 1_000_000);
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write CRL " + number, e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // a leftover .part file is harmless and overwritten by no one: numbers are never reused
            }
        }
    }

    /** Makes an archived CRL the current one of its kind, atomically. */
    private void install(CrlRecord.Kind kind, Path archive) throws IOException {
        Path current = directory.resolve(kind == CrlRecord.Kind.FULL ? FULL_FILE : DELTA_FILE);
        Path link = directory.resolve(current.getFileName() + ".next");
        Files.deleteIfExists(link);
        try {
            Files.createLink(link, archive);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(archive, link);
        }
        Files.move(link, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Fetches the CA's CRL and keeps it if it is new; empty when it is not newer than the last one kept. */
    private Optional<CrlRecord> relay() {
        lock.lock();
        try {
            byte[] der = relayed.fetch().get();
            org.bouncycastle.cert.X509CRLHolder crl;
            try {
                crl = new org.bouncycastle.cert.X509CRLHolder(der);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("The CA's CRL is not a DER-encoded CRL; not served");
            }
            if (!crl.getIssuer().equals(issuer)
                    || !crl.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuerCertificate))) {
                throw new IllegalStateException("The CA's CRL is not signed by " + issuer + "; not served");
            }
            Extension numberExtension = crl.getExtension(Extension.cRLNumber);
            if (numberExtension == null || crl.getNextUpdate() == null) {
                throw new IllegalStateException("The CA's CRL has no CRL number or no nextUpdate; not served");
            }
            long number = CRLNumber.getInstance(numberExtension.getParsedValue())
                    .getCRLNumber()
                    .longValueExact();
            Optional<CrlRecord> last = data.latest(CrlRecord.Kind.FULL);
            if (last.isPresent() && last.get().number() >= number) {
                return Optional.empty();
            }
            if (!crl.getNextUpdate().toInstant().isAfter(clock.instant())) {
                throw new IllegalStateException("The CA's CRL " + number + " expired at "
                        + crl.getNextUpdate().toInstant());
            }
            String name = number + "-full.crl";
            Path archive = directory.resolve("archive").resolve(name);
            Path part = directory.resolve("archive").resolve(name + ".part");
            Files.write(part, der);
            Files.move(part, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            CrlRecord record = new CrlRecord(
                    number,
                    CrlRecord.Kind.FULL,
                    null,
                    crl.getThisUpdate().toInstant(),
                    crl.getNextUpdate().toInstant(),
                    data.lastRevocationEventId(),
                    crl.getRevokedCertificates().size(),
                    der.length,
                    java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(der)),
                    name,
                    clock.instant());
            data.record(record, archive);
            install(CrlRecord.Kind.FULL, archive);
            LOG.info(
                    "Relayed the CA's CRL {} ({} entries, next update {})",
                    number,
                    record.entries(),
                    record.nextUpdate());
            return Optional.of(record);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the CA's CRL", e);
        } catch (org.bouncycastle.cert.CertException
                | org.bouncycastle.operator.OperatorCreationException
                | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot check the CA's CRL: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Where a CA elsewhere publishes its CRL. */
    private record RelayedCrl(java.util.function.Supplier<byte[]> fetch) {}

    private org.bouncycastle.asn1.x509.Extensions extensions(CrlRecord.Kind kind, long number, Long base)
            throws IOException {
        ExtensionsGenerator g = new ExtensionsGenerator();
        g.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
        g.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                ir.meganaft.ragateway.profile.KeyIdentifiers.authorityKeyIdentifier(caSigner.certificate()));
        g.addExtension(
                Extension.issuingDistributionPoint,
                true,
                new IssuingDistributionPoint(
                        new DistributionPointName(
                                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, fullUrl))),
                        false,
                        false,
                        null,
                        false,
                        false));
        if (kind == CrlRecord.Kind.FULL) {
            if (deltaUrl != null && !deltaUrl.isBlank()) {
                g.addExtension(Extension.freshestCRL, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(
                            new DistributionPointName(
                                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, deltaUrl))),
                            null,
                            null)
                }));
            }
        } else {
            g.addExtension(Extension.deltaCRLIndicator, true, new CRLNumber(BigInteger.valueOf(base)));
        }
        return g.generate();
    }

    private org.bouncycastle.operator.ContentVerifier verifier(org.bouncycastle.asn1.x509.AlgorithmIdentifier algorithm)
            throws Exception {
        // the JDK's providers first: their SHA-256 uses the CPU's SHA instructions, several times
        // faster than Bouncy Castle's over a CRL of tens of megabytes; the one public-key operation
        // costs little whichever provider does it
        return new JcaContentVerifierProviderBuilder().build(issuerCertificate).get(algorithm);
    }
}
