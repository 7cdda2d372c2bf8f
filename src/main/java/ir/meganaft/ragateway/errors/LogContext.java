package ir.meganaft.ragateway.errors;

import org.slf4j.MDC;

/**
 * The gateway's own keys of the logging context (SLF4J's MDC), so that every line a piece of work
 * writes says whose it is: {@value #REQUEST_ID}, {@value #PRINCIPAL} (the authenticated caller, as
 * kind:id) and {@value #OPERATION} (the SOAP operation). Camel adds {@code camel.routeId} and
 * {@code camel.exchangeId} ({@code camel.main.useMdcLogging}). The JSON log layout writes them as
 * fields (docs/operations.md, "Logs"); the values are the gateway's own (ids it made, principals it
 * mapped, operations of its WSDL), bounded and free of control characters.
 */
public final class LogContext {
    public static final String REQUEST_ID = "requestId";
    public static final String PRINCIPAL = "principal";
    public static final String OPERATION = "operation";

    /** The request the work on this thread is about (a route step: {@code logContext.request(${body})}). */
    public void request(String requestId) {
        requestId(requestId);
    }

    public static void requestId(String requestId) {
        put(REQUEST_ID, requestId);
    }

    /** The caller and operation of the SOAP call this thread serves. */
    public static void caller(String principal, String operation) {
        put(PRINCIPAL, principal);
        put(OPERATION, operation);
    }

    /** Forgets the call's keys: the thread goes back to its pool. */
    public static void clear() {
        MDC.remove(REQUEST_ID);
        MDC.remove(PRINCIPAL);
        MDC.remove(OPERATION);
    }

    private static void put(String key, String value) {
        if (value == null || value.isBlank()) {
            MDC.remove(key);
        } else {
            MDC.put(key, LogSafe.bounded(value, 128));
        }
    }
}
