package ir.meganaft.ragateway.crl;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifier;

/**
 * Writes an X.509 v2 CRL without holding its entries in memory: the entries are DER-encoded one by
 * one into a scratch file, and the TBSCertList is then streamed from its parts through the signer,
 * the verifier and into the output file. Memory use is the same for ten entries or ten million;
 * Bouncy Castle's X509v2CRLBuilder, by contrast, keeps every entry as an object.
 */
public final class StreamingCrlWriter {

    /** Where the entries come from: calls the sink once per entry, in any order. */
    public interface EntrySource {
        void forEach(Consumer<CrlEntry> sink);
    }

    public record Result(long entries, long sizeBytes, String sha256) {}

    public interface VerifierFactory {
        ContentVerifier verifierFor(AlgorithmIdentifier algorithm) throws Exception;
    }

    /**
     * @param verifiers checks the signature before anything is written: an unsigned or badly
     *     signed CRL never reaches {@code target}
     */
    public Result write(
            Path target,
            X500Name issuer,
            Instant thisUpdate,
            Instant nextUpdate,
            Extensions extensions,
            EntrySource source,
            ContentSigner signer,
            VerifierFactory verifiers)
            throws IOException {
        Path entries = Files.createTempFile(target.getParent(), "crl-entries", ".der");
        try {
            long[] count = {0};
            long[] bytes = {0};
            CrlEntryEncoder encoder = new CrlEntryEncoder();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(entries), 1 << 16)) {
                source.forEach(entry -> {
                    try {
                        bytes[0] += encoder.write(entry, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    count[0]++;
                });
            }
            Tbs tbs = new Tbs(
                    signer.getAlgorithmIdentifier().getEncoded(),
                    issuer.getEncoded(),
                    new Time(Date.from(thisUpdate.truncatedTo(ChronoUnit.SECONDS))).getEncoded(),
                    new Time(Date.from(nextUpdate.truncatedTo(ChronoUnit.SECONDS))).getEncoded(),
                    count[0] == 0 ? new byte[0] : header(0x30, bytes[0]),
                    entries,
                    bytes[0],
                    new DERTaggedObject(true, 0, extensions).getEncoded());

            try (OutputStream signing = signer.getOutputStream()) {
                tbs.writeTo(signing);
            }
            byte[] signature = signer.getSignature();
            ContentVerifier verifier;
            try {
                verifier = verifiers.verifierFor(signer.getAlgorithmIdentifier());
            } catch (Exception e) {
                throw new IllegalStateException("No verifier for the CRL signature: " + e.getMessage(), e);
            }
            try (OutputStream verifying = verifier.getOutputStream()) {
                tbs.writeTo(verifying);
            }
            if (!verifier.verify(signature)) {
                throw new IllegalStateException(
                        "The CRL's signature does not verify with the CA certificate; not published");
            }

            byte[] signatureAlgorithm = signer.getAlgorithmIdentifier().getEncoded();
            byte[] signatureBits = new DERBitString(signature).getEncoded();
            long content = tbs.length() + signatureAlgorithm.length + signatureBits.length;
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long size;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
                    DigestOutputStream out = new DigestOutputStream(file, sha256)) {
                byte[] outer = header(0x30, content);
                out.write(outer);
                tbs.writeTo(out);
                out.write(signatureAlgorithm);
                out.write(signatureBits);
                size = outer.length + content;
            }
            return new Result(count[0], size, HexFormat.of().withUpperCase().formatHex(sha256.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(entries);
        }
    }

    /** A DER tag and length. */
    static byte[] header(int tag, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(6);
        out.write(tag);
        if (length < 0x80) {
            out.write((int) length);
        } else {
            int bytes = (64 - Long.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((int) (length >>> (8 * i)) & 0xff);
            }
        }
        return out.toByteArray();
    }

    /** The parts of a TBSCertList, streamed in order whenever it is needed. */
    private record Tbs(
            byte[] signatureAlgorithm,
            byte[] issuer,
            byte[] thisUpdate,
            byte[] nextUpdate,
            byte[] revokedHeader,
            Path entries,
            long entriesLength,
            byte[] extensions) {

        private static final byte[] VERSION_2;

        static {
            try {
                VERSION_2 = new ASN1Integer(1).getEncoded();
            } catch (IOException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long contentLength() {
            return VERSION_2.length
                    + signatureAlgorithm.length
                    + issuer.length
                    + thisUpdate.length
                    + nextUpdate.length
                    + revokedHeader.length
                    + entriesLength
                    + extensions.length;
        }

        long length() {
            return header(0x30, contentLength()).length + contentLength();
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(header(0x30, contentLength()));
            out.write(VERSION_2);
            out.write(signatureAlgorithm);
            out.write(issuer);
            out.write(thisUpdate);
            out.write(nextUpdate);
            out.write(revokedHeader);
            if (entriesLength > 0) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(entries), 1 << 16)) {
                    in.transferTo(out);
                }
            }
            out.write(extensions);
        }
    }
}
