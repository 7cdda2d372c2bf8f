package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.request.CertificateRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Where a request's callbacks go: the request's own reply-to address (header/replyTo), else the
 * address configured for its caller system ({@code gateway.callbacks.<systemId>}), else nowhere.
 */
public final class CallbackAddresses {
    private final Map<String, String> bySystem;

    public CallbackAddresses(Map<String, String> bySystem) {
        this.bySystem = Map.copyOf(bySystem);
    }

    public Optional<String> of(CertificateRequest request) {
        if (request.replyTo() != null && !request.replyTo().isBlank()) {
            return Optional.of(request.replyTo().trim());
        }
        String configured = bySystem.get(request.callerSystemId());
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(configured.trim());
    }
}
