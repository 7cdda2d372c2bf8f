package ir.meganaft.ragateway.notification;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback addresses registered for each caller system, and the one rule for using them.
 *
 * <p>A system registers its default address ({@code gateway.callbacks.<systemId> = URL}) and any
 * number of URL prefixes ({@code gateway.callback-prefixes.<systemId> = URL, URL, ...}); the default
 * address counts as a prefix too. A request's {@code header/replyTo} must lie under one of its
 * system's registered addresses ({@link CallbackUrl#isUnder}); {@link #requireAllowed} refuses it
 * otherwise, and intake, renewal and revocation call it before they store anything. A system with
 * nothing registered cannot name a replyTo.
 *
 * <p>Callbacks go to the request's replyTo, else the system's default address, else nowhere
 * ({@link #of}). The replyTo is checked again when each callback is sent, because the registration
 * may have changed since the request came: one no longer registered is not called, and the
 * system's default address (registered, so allowed) is used instead, if it has one.
 */
public final class CallbackAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackAddresses.class);
    private static final String DEFAULT_KEY = "gateway.callbacks.";
    private static final String PREFIXES_KEY = "gateway.callback-prefixes.";

    private final Map<String, CallbackUrl> defaults = new HashMap<>();
    private final Map<String, List<CallbackUrl>> registered = new HashMap<>();

    /**
     * @param defaults system id to its default address (the {@code gateway.callbacks.} settings)
     * @param prefixes system id to its comma-separated prefixes (the {@code gateway.callback-prefixes.} settings)
     * @throws IllegalArgumentException when a registered address is not a usable callback address
     */
    public CallbackAddresses(Map<String, String> defaults, Map<String, String> prefixes) {
        defaults.forEach((system, address) -> {
            if (address != null && !address.isBlank()) {
                CallbackUrl url = registration(DEFAULT_KEY + system, address, false);
                this.defaults.put(system, url);
                this.registered.computeIfAbsent(system, s -> new ArrayList<>()).add(url.asPrefix());
            }
        });
        prefixes.forEach((system, list) -> {
            for (String prefix : list == null ? new String[0] : list.split(",")) {
                if (!prefix.isBlank()) {
                    registered
                            .computeIfAbsent(system, s -> new ArrayList<>())
                            .add(registration(PREFIXES_KEY + system, prefix, true));
                }
            }
        });
    }

    /**
     * Refuses a replyTo that is not under an address registered for the caller system. An absent
     * (or blank) replyTo is always fine.
     *
     * @throws GatewayException REPLY_TO_NOT_ALLOWED, for {@code header/replyTo}
     */
    public void requireAllowed(String callerSystemId, String replyTo) {
        if (replyTo == null || replyTo.isBlank()) {
            return;
        }
        List<CallbackUrl> prefixes = registered.getOrDefault(callerSystemId, List.of());
        if (prefixes.isEmpty()) {
            throw refused("No callback address is registered for " + callerSystemId + ", so its requests cannot name a"
                    + " replyTo; leave replyTo out, or ask the RA to register the address");
        }
        CallbackUrl url;
        try {
            url = CallbackUrl.parse(replyTo);
        } catch (CallbackUrl.Unusable e) {
            throw refused("replyTo is not a usable callback address: " + e.getMessage());
        }
        if (prefixes.stream().noneMatch(url::isUnder)) {
            throw refused("replyTo '" + ir.meganaft.ragateway.errors.LogSafe.excerpt(url)
                    + "' is not under a callback address registered for " + callerSystemId
                    + " (the same scheme, host and port as a registered one, and a path at or below its path)");
        }
    }

    /** Where this request's callbacks go now: its replyTo while still registered, else its system's default. */
    public Optional<String> of(CertificateRequest request) {
        String replyTo = request.replyTo();
        if (replyTo != null && !replyTo.isBlank()) {
            Optional<CallbackUrl> url = CallbackUrl.tryParse(replyTo)
                    .filter(u -> registered.getOrDefault(request.callerSystemId(), List.of()).stream()
                            .anyMatch(u::isUnder));
            if (url.isPresent()) {
                return Optional.of(url.get().toString());
            }
            LOG.warn(
                    "Request {} of {} names a replyTo that is no longer under an address registered for the system:"
                            + " not called there; {}",
                    request.id(),
                    request.callerSystemId(),
                    defaults.containsKey(request.callerSystemId())
                            ? "the system's default address is used instead"
                            : "the system has no default address, so it is not called back");
        }
        return Optional.ofNullable(defaults.get(request.callerSystemId())).map(CallbackUrl::toString);
    }

    private static CallbackUrl registration(String key, String text, boolean asPrefix) {
        try {
            return asPrefix ? CallbackUrl.prefix(text) : CallbackUrl.parse(text);
        } catch (CallbackUrl.Unusable e) {
            throw new IllegalArgumentException(
                    key + ": '" + text.strip() + "' is not a usable callback address: " + e.getMessage());
        }
    }

    private static GatewayException refused(String message) {
        return new GatewayException(FaultCode.REPLY_TO_NOT_ALLOWED, message, "header/replyTo", null);
    }
}
