package ir.meganaft.ragateway.ca;

import ir.meganaft.ragateway.request.CertificateStatus;
import ir.meganaft.ragateway.request.Revocation;
import java.math.BigInteger;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.cmp.PKIBody;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.RevDetails;
import org.bouncycastle.asn1.cmp.RevReqContent;
import org.bouncycastle.asn1.crmf.CertTemplate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * What an {@code rr} asks (one certificate of one CA: revoke, hold, or release with removeFromCRL),
 * and how a status changes for it. The in-process CA applies it to its records; the RA applies it to
 * its own copy once a CA over the wire has accepted it.
 */
public record RevocationOrder(BigInteger serial, String reason, Instant invalidityDate) {

    /** The order in an {@code rr} body naming a certificate of {@code ca}. */
    public static RevocationOrder of(PKIBody body, X500Name ca) throws CaRefusedException {
        if (body.getType() != PKIBody.TYPE_REVOCATION_REQ) {
            throw new CaRefusedException(
                    "Unsupported CMP body type " + body.getType() + "; expected rr", PKIFailureInfo.badRequest);
        }
        RevDetails[] details = RevReqContent.getInstance(body.getContent()).toRevDetailsArray();
        if (details.length != 1) {
            throw new CaRefusedException("Exactly one revocation per message is accepted");
        }
        CertTemplate target = details[0].getCertDetails();
        if (target.getSerialNumber() == null
                || target.getIssuer() == null
                || !target.getIssuer().equals(ca)) {
            throw new CaRefusedException("The revocation names no certificate of this CA", PKIFailureInfo.badCertId);
        }
        Extensions entry = details[0].getCrlEntryDetails();
        Extension reasonExtension = entry == null ? null : entry.getExtension(Extension.reasonCode);
        int reasonCode = reasonExtension == null
                ? 0
                : CRLReason.getInstance(reasonExtension.getParsedValue())
                        .getValue()
                        .intValue();
        Extension invalidityExtension = entry == null ? null : entry.getExtension(Extension.invalidityDate);
        Instant invalidity = null;
        if (invalidityExtension != null) {
            try {
                invalidity = ASN1GeneralizedTime.getInstance(invalidityExtension.getParsedValue())
                        .getDate()
                        .toInstant();
            } catch (java.text.ParseException e) {
                throw new CaRefusedException("Unreadable invalidity date", e);
            }
        }
        return new RevocationOrder(target.getSerialNumber().getValue(), RevocationReasons.name(reasonCode), invalidity);
    }

    /** The status the certificate is to have. */
    public CertificateStatus wanted() {
        return RevocationReasons.REMOVE_FROM_CRL.equals(reason)
                ? CertificateStatus.GOOD
                : RevocationReasons.CERTIFICATE_HOLD.equals(reason)
                        ? CertificateStatus.ON_HOLD
                        : CertificateStatus.REVOKED;
    }

    /**
     * Changes the certificate's status in {@code records}; asking for what is already done is not an error.
     *
     * @throws CaRefusedException when the certificate is unknown or its status forbids the change
     */
    public void applyTo(RevocationRecords records, String actor, Instant now) throws CaRefusedException {
        CertificateStatus status = records.status(serial)
                .orElseThrow(() -> new CaRefusedException(
                        "Certificate " + serial.toString(16) + " was not issued by this CA", PKIFailureInfo.badCertId));
        CertificateStatus wanted = wanted();
        if (status == wanted) {
            return; // already done: a repeated request after a crash
        }
        boolean allowed = switch (wanted) {
            case GOOD -> status == CertificateStatus.ON_HOLD;
            case ON_HOLD -> status == CertificateStatus.GOOD;
            case REVOKED -> status == CertificateStatus.GOOD || status == CertificateStatus.ON_HOLD;
        };
        if (!allowed
                || !records.change(
                        serial,
                        status,
                        wanted,
                        wanted == CertificateStatus.GOOD ? null : new Revocation(reason, now, invalidityDate),
                        actor,
                        now)) {
            throw new CaRefusedException(
                    "Certificate " + serial.toString(16) + " is " + status + "; it cannot become " + wanted + " ("
                            + reason + ")",
                    PKIFailureInfo.certRevoked);
        }
    }
}
