package ir.meganaft.ragateway.soap;

/**
 * What an operation that hands work on answers: the SOAP response, and the request to queue before
 * the caller hears it. Every SOAP operation is one adapter call (map, call the domain, map back);
 * those that return an {@code Answer} are followed by the shared route {@code direct:queue-then-answer}
 * (routes/callers.camel.yaml), which queues the request and then answers, so the caller is told only
 * once the work is both stored and queued. A repeated submission queues nothing.
 *
 * @param response the operation's response (a generated JAXB type)
 * @param queue the queue the request goes to next, or {@code null} for none
 * @param requestId the request to queue
 */
public record Answer(Object response, Queue queue, String requestId) {

    /** The queues an operation hands a request to. */
    public enum Queue {
        /** automatic vetting, then the officers (routes/vetting.camel.yaml) */
        VETTING,
        /** the RA's signature and the CA (routes/issuance.camel.yaml) */
        ISSUANCE
    }

    /** An answer that queues {@code requestId} on {@code queue} first. */
    public static Answer queueing(Object response, Queue queue, String requestId) {
        return new Answer(response, queue, requestId);
    }

    /** An answer with nothing to queue. */
    public static Answer only(Object response) {
        return new Answer(response, null, null);
    }

    /** True when a request is to be queued before the answer goes out (read by the route). */
    public boolean queues() {
        return queue != null;
    }
}
