package ir.meganaft.ragateway.ca;

/**
 * The CA was not heard at all: no connection, no answer within the response timeout, a proxy's
 * 502/503/504 in its place, or a CA still working on the request after the polling bound. Nothing is
 * wrong with the request or with an answer, so the request waits for the CA, however long it is away,
 * rather than using up its deliveries towards the dead letters (the issuance route puts it back on its
 * queue, due after {@code gateway.ca.not-heard-retry-ms}). An answer that was heard but cannot be
 * believed stays a plain {@link CaUnavailableException}: redelivered with backoff, then dead-lettered
 * for an admin, since retrying it for ever would hide a misconfiguration or an attack.
 */
public class CaNotHeardException extends CaUnavailableException {
    public CaNotHeardException(String message) {
        super(message);
    }

    public CaNotHeardException(String message, Throwable cause) {
        super(message, cause);
    }
}
