package ir.meganaft.ragateway.lifecycle;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.IssuedCertificate;
import ir.meganaft.ragateway.store.CertificateStore;
import ir.meganaft.ragateway.store.RequestQueries;
import java.math.BigInteger;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/** Finds a certificate issued here, and the request it came from, from a caller's reference. */
final class Certificates {
    private final CertificateStore certificates;
    private final RequestQueries requests;
    private final X500Principal caName;

    Certificates(CertificateStore certificates, RequestQueries requests, X500Principal caName) {
        this.certificates = certificates;
        this.requests = requests;
        this.caName = caName;
    }

    record Found(IssuedCertificate certificate, CertificateRequest origin) {}

    /**
     * The certificate a caller names, if it is the caller's to see: a back-office system naming
     * another company's certificate gets exactly the answer for a certificate that does not exist.
     */
    Found find(CertificateReference ref, ir.meganaft.ragateway.security.Caller caller) {
        Found found = find(ref);
        if (!caller.sees(found.origin().callerSystemId())) {
            throw unknown(
                    ref.requestId() != null
                            ? "Request " + ref.requestId() + " has no certificate"
                            : "No certificate with serial number "
                                    + found.certificate().serialNumber() + " was issued here");
        }
        return found;
    }

    Found find(CertificateReference ref) {
        IssuedCertificate certificate;
        if (ref.requestId() != null) {
            certificate = certificates
                    .forRequest(ref.requestId())
                    .orElseThrow(() -> unknown("Request " + ref.requestId() + " has no certificate"));
        } else {
            if (!sameName(ref.issuer())) {
                throw unknown("This gateway's CA is " + caName.getName() + ", not " + ref.issuer());
            }
            String serial;
            try {
                serial = new BigInteger(ref.serialNumber().replace(":", "").trim(), 16)
                        .toString(16)
                        .toUpperCase(Locale.ROOT);
            } catch (NumberFormatException e) {
                throw unknown("Serial number " + ref.serialNumber() + " is not hexadecimal");
            }
            certificate = certificates
                    .bySerial(serial)
                    .orElseThrow(() -> unknown("No certificate with serial number " + serial + " was issued here"));
        }
        CertificateRequest origin = requests.find(certificate.requestId()).orElseThrow();
        return new Found(certificate, origin);
    }

    private boolean sameName(String issuer) {
        try {
            return new X500Principal(issuer).equals(caName)
                    || org.bouncycastle.asn1.x500.X500Name.getInstance(caName.getEncoded())
                            .equals(new org.bouncycastle.asn1.x500.X500Name(
                                    org.bouncycastle.asn1.x500.style.BCStyle.INSTANCE, issuer));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static GatewayException unknown(String message) {
        return new GatewayException(FaultCode.UNKNOWN_CERTIFICATE, message, "certificate", null);
    }
}
