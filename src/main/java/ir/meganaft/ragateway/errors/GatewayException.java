package ir.meganaft.ragateway.errors;

/** A refusal the caller should see, with its stable {@link FaultCode}. */
public class GatewayException extends RuntimeException {
    private final FaultCode code;
    private final String field;
    private final String requestId;

    public GatewayException(FaultCode code, String message) {
        this(code, message, null, null);
    }

    public GatewayException(FaultCode code, String message, String field, String requestId) {
        super(message);
        this.code = code;
        this.field = field;
        this.requestId = requestId;
    }

    public FaultCode code() {
        return code;
    }

    /** The offending element or value, or null. */
    public String field() {
        return field;
    }

    /** The gateway request concerned, or null. */
    public String requestId() {
        return requestId;
    }

    public static GatewayException unknownRequest(String requestId) {
        return new GatewayException(
                FaultCode.UNKNOWN_REQUEST, "No request " + requestId + " is known to the gateway", "requestId", null);
    }
}
