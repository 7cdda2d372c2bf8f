package ir.meganaft.ragateway.security;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The caller behind a TLS connection: the client certificate must pass {@link ClientCertificates}
 * and name exactly one configured principal ({@link Principals}).
 */
public final class CallerResolver {
    private final ClientCertificates certificates;
    private final Principals principals;

    public CallerResolver(ClientCertificates certificates, Principals principals) {
        this.certificates = certificates;
        this.principals = principals;
    }

    /**
     * @param chain the certificates the client presented, leaf first
     * @throws GatewayException CLIENT_CERTIFICATE_UNTRUSTED, _EXPIRED, _REVOKED or UNKNOWN_CLIENT
     */
    public Caller resolve(List<X509Certificate> chain) {
        certificates.check(chain);
        try {
            return principals
                    .callerFor(chain.get(0))
                    .orElseThrow(() -> new GatewayException(
                            FaultCode.UNKNOWN_CLIENT,
                            "The client certificate is trusted but names no system, officer, admin or relying party of this gateway",
                            null,
                            null));
        } catch (IllegalStateException ambiguous) {
            throw new GatewayException(
                    FaultCode.UNKNOWN_CLIENT,
                    "The client certificate names more than one principal; "
                            + "the gateway's configuration must be corrected",
                    null,
                    null);
        }
    }

    /** The configured principals. */
    public Principals principals() {
        return principals;
    }
}
