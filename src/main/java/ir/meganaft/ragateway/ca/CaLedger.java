package ir.meganaft.ragateway.ca;

import java.math.BigInteger;
import java.time.Instant;

/**
 * The CA's own record of what it signed, keyed by the CMP transaction (one per RA request). A
 * serial number and validity are reserved before signing and the certificate is kept once
 * signed, so a request sent again (a redelivered message after a crash, a retry) gets the same
 * certificate back: no request ever yields two certificates.
 */
public interface CaLedger {

    /**
     * @param publicKeySha256 the key the certificate is for; a transaction is bound to one key
     * @param certificate the signed certificate, or null while only reserved
     */
    record Entry(String transactionId, BigInteger serial, Instant notBefore, Instant notAfter, String publicKeySha256,
            byte[] certificate) {
    }

    /** Reserves {@code proposed}, or returns what is already recorded for its transaction. */
    Entry reserve(Entry proposed);

    /** Keeps the signed certificate of a reserved transaction. */
    void recordSigned(String transactionId, byte[] certificate);
}
