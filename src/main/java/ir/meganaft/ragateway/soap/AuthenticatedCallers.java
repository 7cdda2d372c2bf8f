package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.security.Caller;
import javax.security.auth.Subject;

/** The caller that {@link CallerEdge} established, as Camel's CXF binding hands it over (a Subject). */
public final class AuthenticatedCallers {

    /** @throws IllegalStateException when there is none: an endpoint without CallerEdge, a wiring mistake */
    public Caller of(Object authentication) {
        if (authentication instanceof Subject subject) {
            for (Caller caller : subject.getPrincipals(Caller.class)) {
                return caller;
            }
        }
        throw new IllegalStateException("No authenticated caller on a SOAP exchange");
    }
}
