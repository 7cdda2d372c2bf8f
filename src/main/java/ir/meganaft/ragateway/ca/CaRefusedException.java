package ir.meganaft.ragateway.ca;

import org.bouncycastle.asn1.cmp.PKIFailureInfo;

/**
 * The CA declined a request: it is permanent for that request, a retry gives the same answer. It
 * carries the CMP failInfo bit (RFC 4210, PKIFailureInfo) a CA over the wire answers with.
 */
public class CaRefusedException extends Exception {
    private final int failInfo;

    public CaRefusedException(String message) {
        this(message, PKIFailureInfo.badRequest);
    }

    public CaRefusedException(String message, Throwable cause) {
        super(message, cause);
        this.failInfo = PKIFailureInfo.badRequest;
    }

    /** @param failInfo one bit of {@link PKIFailureInfo}, e.g. {@link PKIFailureInfo#badMessageCheck} */
    public CaRefusedException(String message, int failInfo) {
        super(message);
        this.failInfo = failInfo;
    }

    public int failInfo() {
        return failInfo;
    }
}
