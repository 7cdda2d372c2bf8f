package ir.meganaft.ragateway.ca;

/**
 * The CA could not be asked, or its answer cannot be trusted (unreachable, a timeout, an HTTP error,
 * a response whose protection, transactionID or nonce is wrong, a CA still working after the polling
 * bound). Nothing is decided for the request: it is thrown so that the broker redelivers the message
 * later, and a retry sends the same transactionID, so the CA never issues twice.
 */
public class CaUnavailableException extends RuntimeException {
    public CaUnavailableException(String message) {
        super(message);
    }

    public CaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
