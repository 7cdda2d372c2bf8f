package ir.meganaft.ragateway.keys;

/**
 * A signature could not be made because the HSM token is unreachable, after the bounded retries on a
 * restarted library. It is not a refusal of the request: the transacted issuance consumer rolls back
 * and the broker delivers the request again later.
 */
public final class HsmUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HsmUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
