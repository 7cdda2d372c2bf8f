package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.request.RequestState;

/**
 * The two steps a request waits for on a broker queue, each with its own dead-letter queue. Their
 * messages carry only the request id, and each step acts only on a request in one state, so
 * delivering a request id again is harmless.
 */
public enum RequestQueue {
    /** The automatic checks (routes/vetting.camel.yaml): act on a RECEIVED request only. */
    VETTING(RequestState.RECEIVED),
    /** Issuance, renewal or revocation through the CA (routes/issuance.camel.yaml): an APPROVED request only. */
    ISSUANCE(RequestState.APPROVED);

    private final RequestState actsOn;

    RequestQueue(RequestState actsOn) {
        this.actsOn = actsOn;
    }

    /** The only state in which this step does anything with a request; any other it leaves alone. */
    public RequestState actsOn() {
        return actsOn;
    }
}
