package ir.meganaft.ragateway.notification;

/** A delivery attempt failed; the broker retries it with backoff, then moves it to the dead letters. */
public class DeliveryFailedException extends RuntimeException {

    public DeliveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
