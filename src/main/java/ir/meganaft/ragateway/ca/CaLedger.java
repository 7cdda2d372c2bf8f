package ir.meganaft.ragateway.ca;

import java.math.BigInteger;
import java.time.Instant;
import java.util.function.Function;

/**
 * The CA's own record of what it signed, keyed by the CMP transaction (one per RA request). The
 * certificate's whole content (its TBSCertificate: serial, validity, subject, key, extensions) is
 * reserved, durably, before the CA signs, and the certificate is kept once signed. A request sent
 * again (a redelivered message after a crash, a retry) gets the same certificate back; a
 * reservation whose signature was lost with a crashed process is signed again with the same content.
 * No request ever yields two different certificates.
 */
public interface CaLedger {

    /**
     * @param publicKeySha256 the key the certificate is for; a transaction is bound to one key
     * @param tbsCertificate the DER TBSCertificate to be signed (null only in reservations made before
     *        the content was kept)
     * @param certificate the signed certificate, or null while only reserved
     */
    record Entry(
            String transactionId,
            BigInteger serial,
            Instant notBefore,
            Instant notAfter,
            String publicKeySha256,
            byte[] tbsCertificate,
            byte[] certificate) {}

    /**
     * Reserves {@code proposed} and returns once the reservation is on disk, or returns what is
     * already recorded for its transaction.
     */
    Entry reserve(Entry proposed);

    /**
     * Signs a reserved transaction once: with the entry locked, a certificate already kept is
     * returned as it is; otherwise {@code sign} turns the entry into a certificate (DER), which is kept
     * and returned. A concurrent call for the same transaction waits and gets the same certificate.
     */
    byte[] signOnce(String transactionId, Function<Entry, byte[]> sign);

    /** What is recorded for a transaction, if anything. */
    java.util.Optional<Entry> find(String transactionId);

    /** Why a reservation was abandoned, if it was: an abandoned reservation is never signed. */
    java.util.Optional<String> abandoned(String transactionId);

    /** Records why a reservation will never be signed (it stays in the ledger, with its serial unused). */
    void abandon(String transactionId, String why);
}
