package ir.meganaft.ragateway.notification;

/** Sends a notification to a back-office system's CertificateNotification endpoint. */
public interface CallbackClient {

    /** Returns once the receiver acknowledged; throws on any failure (fault, HTTP error, timeout). */
    void send(String address, Notification notification);
}
