package ir.meganaft.ragateway.ca;

/** The CA declined a request: it is permanent for that request, a retry gives the same answer. */
public class CaRefusedException extends Exception {
    public CaRefusedException(String message) {
        super(message);
    }

    public CaRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
