package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.csr.Fingerprints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * Every CRL a relying party could have seen during a test: the gateway's CRL URLs polled in the
 * background, plus whatever the test hands in (getLatestCrl answers, the files in the CRL folder).
 * It then says what broke RFC 5280's promises: a CRL that does not verify with the CA certificate,
 * one CRL number given to two different CRLs, a source whose CRL number went down, or a revocation
 * that a later CRL no longer lists.
 */
public final class CrlWatch implements AutoCloseable {
    /**
     * One CRL as one source showed it: its number, the full CRL it is a delta of (null for a full
     * CRL), and its entries (serial to RFC 5280 reason code).
     */
    public record Seen(
            String source,
            long number,
            Long base,
            String sha256,
            boolean verifies,
            Instant at,
            Map<BigInteger, Integer> entries) {}

    private final X509Certificate ca;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, String> lastContentOfSource = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "crl-watch");
        t.setDaemon(true);
        return t;
    });

    private CrlWatch(X509Certificate ca) {
        this.ca = ca;
    }

    /** Polls the full and delta CRL URLs of {@code gateway} every {@code interval}, whenever it answers. */
    public static CrlWatch polling(GatewayProcess gateway, X509Certificate ca, Duration interval) {
        CrlWatch watch = new CrlWatch(ca);
        List<String> urls =
                List.of(gateway.url("/pki/crl/issuing-ca.crl"), gateway.url("/pki/crl/issuing-ca-delta.crl"));
        watch.poller.scheduleWithFixedDelay(
                () -> urls.forEach(watch::fetch), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private void fetch(String url) {
        try {
            HttpResponse<byte[]> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                record(url, response.body());
            }
        } catch (IOException down) {
            // the gateway is down or restarting: nothing to see
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A CRL from {@code source} (e.g. a getLatestCrl answer), as read; the same CRL again from the
     * same source is not kept twice.
     */
    public Seen record(String source, byte[] der) {
        String sha256 = Fingerprints.sha256Hex(der);
        Seen crl = read(source, der, sha256);
        if (!sha256.equals(lastContentOfSource.put(source, sha256))) {
            seen.add(crl);
        }
        return crl;
    }

    private Seen read(String source, byte[] der, String sha256) {
        try {
            X509CRLHolder holder = new X509CRLHolder(der);
            long number = number(holder.getExtension(Extension.cRLNumber));
            Extension deltaOf = holder.getExtension(Extension.deltaCRLIndicator);
            Map<BigInteger, Integer> entries = new HashMap<>();
            for (Object listed : holder.getRevokedCertificates()) {
                X509CRLEntryHolder entry = (X509CRLEntryHolder) listed;
                Extension reason = entry.getExtension(Extension.reasonCode);
                entries.put(
                        entry.getSerialNumber(),
                        reason == null
                                ? CRLReason.unspecified
                                : CRLReason.getInstance(reason.getParsedValue())
                                        .getValue()
                                        .intValue());
            }
            return new Seen(
                    source,
                    number,
                    deltaOf == null ? null : number(deltaOf),
                    sha256,
                    verifies(der),
                    Instant.now(),
                    Map.copyOf(entries));
        } catch (IOException | RuntimeException unreadable) {
            return new Seen(
                    source + " (unreadable: " + unreadable.getMessage() + ")",
                    -1,
                    null,
                    sha256,
                    false,
                    Instant.now(),
                    Map.of());
        }
    }

    private static long number(Extension extension) {
        return CRLNumber.getInstance(extension.getParsedValue()).getCRLNumber().longValueExact();
    }

    private boolean verifies(byte[] der) {
        try {
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
            crl.verify(ca.getPublicKey());
            return crl.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The CRL files under {@code crlFolder} (the current ones and the archive), each as its own source. */
    public void recordFiles(Path crlFolder) {
        try (Stream<Path> files = Files.walk(crlFolder)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".crl")).sorted().toList()) {
                record("file " + crlFolder.relativize(file), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The highest CRL number seen so far (0 if none). */
    public long highestNumber() {
        return seen.stream().mapToLong(Seen::number).max().orElse(0);
    }

    /** What relying parties could hold against the CA; empty when every promise was kept. */
    public List<String> brokenPromises() {
        List<String> broken = new ArrayList<>();
        Map<Long, String> contentOfNumber = new HashMap<>();
        Map<String, Seen> lastOfSource = new LinkedHashMap<>();
        for (Seen s : seen) {
            if (!s.verifies()) {
                broken.add("CRL " + s.number() + " from " + s.source() + " does not verify with the CA certificate");
            }
            String earlier = contentOfNumber.putIfAbsent(s.number(), s.sha256());
            if (earlier != null && !earlier.equals(s.sha256())) {
                broken.add("CRL number " + s.number() + " names two different CRLs (sha256 " + earlier + " and "
                        + s.sha256() + ", the second from " + s.source() + " at " + s.at() + ")");
            }
            Seen previous = lastOfSource.put(s.source(), s);
            if (previous != null && s.number() < previous.number()) {
                broken.add(s.source() + " went back from CRL " + previous.number() + " (" + previous.at() + ") to CRL "
                        + s.number() + " (" + s.at() + ")");
            }
        }
        broken.addAll(revocationsDropped());
        return broken.stream().distinct().toList();
    }

    /**
     * A revocation, once a CRL lists it, stays listed in every later CRL (read with its base full
     * CRL, as RFC 5280 5.2.4 reads a delta), unless it was a hold or a removeFromCRL lifts it.
     */
    private List<String> revocationsDropped() {
        Map<Long, Seen> byNumber = new TreeMap<>();
        seen.stream().filter(s -> s.number() >= 0).forEach(s -> byNumber.putIfAbsent(s.number(), s));
        List<String> broken = new ArrayList<>();
        Map<BigInteger, Long> revokedSince = new TreeMap<>();
        for (Seen crl : byNumber.values()) {
            Seen base = crl.base() == null ? null : byNumber.get(crl.base());
            if (crl.base() != null && base == null) {
                continue; // its base full CRL was never seen: nothing to read it with
            }
            Map<BigInteger, Integer> listed = read(base, crl);
            for (var dropped = revokedSince.entrySet().iterator(); dropped.hasNext(); ) {
                var revoked = dropped.next();
                if (!listed.containsKey(revoked.getKey())) {
                    broken.add("CRL " + crl.number() + " no longer lists "
                            + revoked.getKey().toString(16) + ", revoked in CRL " + revoked.getValue());
                    dropped.remove();
                }
            }
            listed.forEach((serial, reason) -> {
                if (reason != CRLReason.certificateHold) {
                    revokedSince.putIfAbsent(serial, crl.number());
                }
            });
        }
        return broken;
    }

    /**
     * What a relying party reads as revoked or on hold (serial to reason) from a full CRL, or from
     * a delta with its base full CRL: the delta's entries win, removeFromCRL lifts an entry.
     */
    public static Map<BigInteger, Integer> read(Seen base, Seen crl) {
        Map<BigInteger, Integer> listed = new HashMap<>();
        if (base != null) {
            listed.putAll(base.entries());
        }
        listed.putAll(crl.entries());
        listed.values().removeIf(reason -> reason == CRLReason.removeFromCRL);
        return listed;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
