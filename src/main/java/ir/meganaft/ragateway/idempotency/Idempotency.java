package ir.meganaft.ragateway.idempotency;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.request.RequestType;
import ir.meganaft.ragateway.store.RequestQueries;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one home of idempotent submission, for intake, renewal and revocation: the caller's
 * (system, clientRequestId) names exactly one request.
 *
 * <ul>
 *   <li>Seen before with the same kind and content: the stored request answers, nothing is done
 *       again.</li>
 *   <li>Seen before with another kind or other content: IDEMPOTENCY_CONFLICT.</li>
 *   <li>Two identical submissions racing: the unique key (caller_system_id, client_request_id) lets
 *       one insert in; the other's attempt fails (on the key, or on a check that now sees the
 *       first, such as "already being renewed"), finds the first stored, and is answered as a
 *       repeat of it.</li>
 * </ul>
 */
public final class Idempotency {
    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);

    /**
     * What a submission's clientRequestId stands for.
     *
     * @param type the kind of request it asks for
     * @param content what it asks for ({@link ContentHash})
     */
    public record Key(String callerSystemId, String clientRequestId, RequestType type, ContentHash content) {}

    private final RequestQueries requests;

    public Idempotency(RequestQueries requests) {
        this.requests = requests;
    }

    /**
     * Runs {@code firstTime} (which checks the submission and stores its request, as its last step)
     * unless {@code key} was submitted before; a repeat is answered by {@code repeated} from the stored
     * request.
     *
     * @throws GatewayException IDEMPOTENCY_CONFLICT when the key was used for another kind of
     *     request or for other content; otherwise whatever {@code firstTime} throws
     */
    public <T> T once(Key key, Supplier<T> firstTime, Function<CertificateRequest, T> repeated) {
        Optional<CertificateRequest> earlier = stored(key);
        if (earlier.isPresent()) {
            return repeated.apply(sameRequest(earlier.get(), key));
        }
        try {
            return firstTime.get();
        } catch (RuntimeException failed) {
            Optional<CertificateRequest> first;
            try {
                first = stored(key);
            } catch (RuntimeException lookup) {
                failed.addSuppressed(lookup);
                throw failed;
            }
            if (first.isEmpty()) {
                throw failed;
            }
            LOG.info(
                    "Submission {}/{} raced an identical one ({}); answered with request {}",
                    key.callerSystemId(),
                    key.clientRequestId(),
                    failed.getClass().getSimpleName(),
                    first.get().id());
            return repeated.apply(sameRequest(first.get(), key));
        }
    }

    private Optional<CertificateRequest> stored(Key key) {
        return requests.findByClientRequestId(key.callerSystemId(), key.clientRequestId());
    }

    private static CertificateRequest sameRequest(CertificateRequest original, Key key) {
        if (original.type() != key.type() || !key.content().matches(original.contentHash())) {
            throw new GatewayException(
                    FaultCode.IDEMPOTENCY_CONFLICT,
                    "clientRequestId " + original.clientRequestId()
                            + " was already used for request " + original.id() + " with different content; use a new"
                            + " clientRequestId for a new request",
                    "header/clientRequestId",
                    original.id());
        }
        LOG.info(
                "Repeated submission of {}/{} answered with request {}",
                original.callerSystemId(),
                original.clientRequestId(),
                original.id());
        return original;
    }
}
