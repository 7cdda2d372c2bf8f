package ir.meganaft.ragateway.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIHeader;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.cmp.CMPException;
import org.bouncycastle.cert.cmp.GeneralPKIMessage;
import org.bouncycastle.cert.cmp.ProtectedPKIMessage;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * The one place a CMP message's signature protection is checked (RFC 4210, 5.1.3.3), both ways: the
 * CA checks the RA's requests against the RA certificates it trusts, and the RA checks the CA's
 * answers against the CA or CMP-signer certificate it is configured with. Password-based (MAC)
 * protection is never accepted: both sides sign.
 */
public final class CmpProtection {
    private CmpProtection() {}

    /**
     * The message, once its signature verifies with one of {@code trusted}, a certificate valid now
     * that the message names among its extraCerts.
     *
     * @param sender who the trusted certificates belong to, for the refusal ("an RA this CA trusts")
     */
    public static ProtectedPKIMessage signedByOneOf(
            byte[] der, List<X509CertificateHolder> trusted, Instant now, String sender) throws CaRefusedException {
        ProtectedPKIMessage message = signed(der);
        X509CertificateHolder signer = Arrays.stream(message.getCertificates())
                .filter(trusted::contains)
                .findFirst()
                .orElseThrow(() ->
                        new CaRefusedException("The message is not signed by " + sender, PKIFailureInfo.notAuthorized));
        return verified(message, signer, now);
    }

    /** The message, once its signature verifies with {@code pinned}, whatever extraCerts it carries. */
    public static ProtectedPKIMessage signedBy(byte[] der, X509CertificateHolder pinned, Instant now)
            throws CaRefusedException {
        return verified(signed(der), pinned, now);
    }

    private static ProtectedPKIMessage signed(byte[] der) throws CaRefusedException {
        try {
            GeneralPKIMessage general = new GeneralPKIMessage(der);
            if (!general.hasProtection()) {
                throw new CaRefusedException(
                        "The message is not protected: only signed CMP messages are accepted",
                        PKIFailureInfo.badMessageCheck);
            }
            ProtectedPKIMessage message = new ProtectedPKIMessage(general);
            if (message.hasPasswordBasedMacProtection()) {
                throw new CaRefusedException(
                        "The message is MAC-protected; only signatures are accepted", PKIFailureInfo.badMessageCheck);
            }
            return message;
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new CaRefusedException(
                    "The message is not a CMP PKIMessage: " + e.getMessage(), PKIFailureInfo.badDataFormat);
        }
    }

    private static ProtectedPKIMessage verified(ProtectedPKIMessage message, X509CertificateHolder signer, Instant now)
            throws CaRefusedException {
        if (!signer.isValidOn(Date.from(now))) {
            throw new CaRefusedException(
                    "The certificate " + signer.getSubject() + " is not valid now", PKIFailureInfo.notAuthorized);
        }
        try {
            if (!message.verify(
                    new JcaContentVerifierProviderBuilder().setProvider("BC").build(signer))) {
                throw new CaRefusedException(
                        "The signature of " + signer.getSubject() + " on the message does not verify",
                        PKIFailureInfo.badMessageCheck);
            }
        } catch (CMPException | OperatorCreationException | CertificateException | IllegalArgumentException e) {
            throw new CaRefusedException(
                    "The signature on the message cannot be checked: " + e.getMessage(),
                    PKIFailureInfo.badMessageCheck);
        }
        return message;
    }

    /**
     * A transactionID as text: itself when it is printable ASCII (the gateway's request ids), else
     * {@code hex:} and its octets (OpenSSL's random 16 octets), so two ids never read alike.
     */
    public static String transactionId(PKIHeader header) throws CaRefusedException {
        if (header.getTransactionID() == null || header.getTransactionID().getOctets().length == 0) {
            throw new CaRefusedException("The message has no transactionID", PKIFailureInfo.badDataFormat);
        }
        byte[] id = header.getTransactionID().getOctets();
        for (byte b : id) {
            if (b < 0x21 || b > 0x7e || b == ':') {
                return "hex:" + HexFormat.of().formatHex(id);
            }
        }
        return new String(id, StandardCharsets.US_ASCII);
    }
}
