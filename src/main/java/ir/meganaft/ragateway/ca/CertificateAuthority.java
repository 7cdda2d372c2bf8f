package ir.meganaft.ragateway.ca;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The CA as the RA sees it. The gateway's local CA implements it today; a remote CA reached over
 * CMP implements the same methods, because what the RA sends is already a CMP message. CRLs of
 * the local CA are built by the crl package with the same CA signer; a remote CA publishes its own.
 */
public interface CertificateAuthority {

    /**
     * Issues one certificate for a request the RA signed.
     *
     * @param raSignedRequest a DER CMP PKIMessage with a {@code cr} body (CRMF template with
     *     RA-verified proof of possession), protected by the RA's signature and carrying its certificate
     * @throws CaRefusedException when the RA is not trusted, its signature does not verify, or the
     *     request is not one this CA issues
     */
    X509Certificate issue(byte[] raSignedRequest) throws CaRefusedException;

    /**
     * Revokes a certificate it issued, puts it on hold (reason certificateHold), or releases it from
     * hold (reason removeFromCRL), as the RA asked. Asking again for what is already done is not an error.
     *
     * @param raSignedRequest a DER CMP PKIMessage with an {@code rr} body, protected by the RA's signature
     * @throws CaRefusedException when the RA is not trusted, the certificate is unknown, or its status forbids it
     */
    void revoke(byte[] raSignedRequest) throws CaRefusedException;

    /** The issuing CA's certificate first, then each CA above it up to the root. */
    List<X509Certificate> chain();
}
