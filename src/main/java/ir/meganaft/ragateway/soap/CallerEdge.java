package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.errors.LogContext;
import ir.meganaft.ragateway.errors.LogSafe;
import ir.meganaft.ragateway.security.AccessPolicy;
import ir.meganaft.ragateway.security.Caller;
import ir.meganaft.ragateway.security.CallerResolver;
import ir.meganaft.ragateway.security.CertificateMatch;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageContentsList;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.security.SecurityContext;
import org.apache.cxf.security.transport.TLSSessionInfo;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may call, decided once per SOAP call, before any route or domain code runs (issue 12), in
 * three steps of the CXF chain:
 * <ol>
 * <li>on receipt, before anything is parsed: the caller is the principal the TLS client certificate
 * maps to ({@link CallerResolver});</li>
 * <li>before the body is unmarshalled ({@link Authorization}): the {@link AccessPolicy} must admit
 * that principal to the operation;</li>
 * <li>once the body is read ({@link OwnIdentity}): an identity the message states
 * (header/caller/systemId, officer/officerId, admin/adminId, byClientRequestId/callerSystemId) must
 * be the caller's own, or a system of its company when it acts for the company.</li>
 * </ol>
 * The caller then travels with the exchange as its security context: the routes hand it to the
 * domain, which never reads an identity from the body. The logging context (errors/LogContext) gets
 * the principal, the operation and any request id the message names, and forgets them on the way
 * out ({@link Forget}). Each refusal is one WARN line naming the
 * presented certificate's subject and SHA-256 fingerprint; nothing has been stored.
 */
public final class CallerEdge extends AbstractPhaseInterceptor<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(CallerEdge.class);
    private final String service;
    private final CallerResolver resolver;
    private final AccessPolicy policy;

    public CallerEdge(String service, CallerResolver resolver, AccessPolicy policy) {
        super(Phase.RECEIVE);
        addAfter(HttpEdge.class.getName());
        this.service = service;
        this.resolver = resolver;
        this.policy = policy;
    }

    /** Who is calling: before the body is read, so that an unknown client costs no parsing. */
    @Override
    public void handleMessage(Message message) {
        List<X509Certificate> chain = presented(message);
        try {
            if (chain.isEmpty()) {
                throw new GatewayException(
                        FaultCode.CLIENT_CERTIFICATE_UNTRUSTED, "A client certificate is required", null, null);
            }
            message.put(SecurityContext.class, new CallerContext(resolver.resolve(chain)));
        } catch (GatewayException refused) {
            throw refusal(refused, "?", chain);
        }
    }

    /** The second step: may this caller call the operation the message names? Decided before the body is unmarshalled. */
    public Authorization authorization() {
        return new Authorization();
    }

    /** The third step, once the body is read: an identity it states must be the caller's. */
    public OwnIdentity ownIdentity() {
        return new OwnIdentity();
    }

    /**
     * Checks the access policy as soon as the operation is known: from the SOAPAction, or else from
     * the name of the Body's first element, read without consuming it. An operation the caller may
     * not call is refused before its body is unmarshalled or validated, so a stranger learns nothing
     * of the schema and costs no parsing. A message that names no operation is left to CXF
     * (UNKNOWN_OPERATION).
     */
    public final class Authorization extends AbstractPhaseInterceptor<Message> {
        Authorization() {
            super(Phase.UNMARSHAL);
            addBefore(org.apache.cxf.wsdl.interceptors.DocLiteralInInterceptor.class.getName());
        }

        @Override
        public void handleMessage(Message message) {
            String name = operation(message);
            if (name == null) {
                return;
            }
            try {
                Caller caller = caller(message);
                LogContext.caller(principal(caller), service + "/" + name);
                policy.authorize(caller, service, name);
            } catch (GatewayException refused) {
                throw refusal(refused, name, presented(message));
            }
        }
    }

    /** Compares the identities the body states with the caller. */
    public final class OwnIdentity extends AbstractPhaseInterceptor<Message> {
        OwnIdentity() {
            super(Phase.PRE_INVOKE);
        }

        @Override
        public void handleMessage(Message message) {
            BindingOperationInfo operation = message.getExchange().getBindingOperationInfo();
            String name = operation == null ? "?" : operation.getName().getLocalPart();
            try {
                Caller caller = caller(message);
                LogContext.caller(principal(caller), service + "/" + name);
                Object request = request(message);
                LogContext.requestId(request == null ? null : StatedIdentities.requestId(request));
                // the operation was authorized before the body was read only if it was known then; else now
                policy.authorize(caller, service, name);
                requireOwnIdentity(caller, request);
            } catch (GatewayException refused) {
                throw refusal(refused, name, presented(message));
            }
        }
    }

    /**
     * The last step, on the way out (answer or fault): the thread's logging context forgets the
     * call, so a pooled thread's next lines are not put down to this caller.
     */
    public Forget forget() {
        return new Forget();
    }

    /** Clears the call's logging context (LogContext) once the answer or fault is on its way. */
    public static final class Forget extends AbstractPhaseInterceptor<Message> {
        Forget() {
            super(Phase.SETUP_ENDING);
        }

        @Override
        public void handleMessage(Message message) {
            LogContext.clear();
        }
    }

    /** The caller as the logs name it: kind and id, e.g. system:NIOC-HR. */
    static String principal(Caller caller) {
        return caller.kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + caller.id();
    }

    private static Caller caller(Message message) {
        if (message.get(SecurityContext.class) instanceof CallerContext known) {
            return known.caller();
        }
        throw new GatewayException(
                FaultCode.CLIENT_CERTIFICATE_UNTRUSTED, "A client certificate is required", null, null);
    }

    /** The operation's name, from the SOAPAction or the Body's first element; null when neither names one. */
    private static String operation(Message message) {
        BindingOperationInfo known = message.getExchange().getBindingOperationInfo();
        if (known != null) {
            return known.getName().getLocalPart();
        }
        javax.xml.stream.XMLStreamReader reader = message.getContent(javax.xml.stream.XMLStreamReader.class);
        org.apache.cxf.service.model.BindingInfo binding = message.getExchange().getEndpoint() == null
                ? null
                : message.getExchange().getEndpoint().getEndpointInfo().getBinding();
        if (reader == null
                || binding == null
                || reader.getEventType() != javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
            return null;
        }
        javax.xml.namespace.QName element = reader.getName();
        for (BindingOperationInfo candidate : binding.getOperations()) {
            var input = candidate.getOperationInfo().getInput();
            if (input != null
                    && !input.getMessageParts().isEmpty()
                    && element.equals(input.getMessageParts().get(0).getElementQName())) {
                return candidate.getName().getLocalPart();
            }
        }
        return null;
    }

    /** One WARN line naming the presented certificate; the fault then carries the code to the caller. */
    private Fault refusal(GatewayException refused, String operation, List<X509Certificate> chain) {
        LOG.warn(
                "Refused {} {} with {}: {} (client certificate subject '{}', SHA-256 {})",
                service,
                operation,
                refused.code(),
                refused.getMessage(),
                chain.isEmpty()
                        ? "none"
                        : LogSafe.bounded(chain.get(0).getSubjectX500Principal().getName(), 256),
                chain.isEmpty() ? "none" : CertificateMatch.fingerprint(chain.get(0)));
        return new Fault(refused);
    }

    /** The certificates the client presented in the TLS handshake, leaf first; empty over plain HTTP. */
    static List<X509Certificate> presented(Message message) {
        TLSSessionInfo tls = message.get(TLSSessionInfo.class);
        List<X509Certificate> chain = new ArrayList<>();
        if (tls != null && tls.getPeerCertificates() != null) {
            for (Certificate c : tls.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        }
        return chain;
    }

    private static Object request(Message message) {
        MessageContentsList parts = MessageContentsList.getContentsList(message);
        return parts == null || parts.isEmpty() ? null : parts.get(0);
    }

    /**
     * An identity the message states must be the caller's. A system may name another system of its
     * company as callerSystemId when it acts for the company.
     */
    static void requireOwnIdentity(Caller caller, Object request) {
        if (request == null) {
            return;
        }
        check(caller, Caller.Kind.SYSTEM, StatedIdentities.systemId(request), "systemId");
        check(caller, Caller.Kind.OFFICER, StatedIdentities.officerId(request), "officerId");
        check(caller, Caller.Kind.ADMIN, StatedIdentities.adminId(request), "adminId");
        String named = StatedIdentities.callerSystemId(request);
        if (named != null && !(caller instanceof Caller.BackOfficeSystem s && s.sees(named))) {
            throw mismatch("callerSystemId", caller);
        }
    }

    private static void check(Caller caller, Caller.Kind kind, String stated, String field) {
        if (stated != null && (caller.kind() != kind || !caller.id().equals(stated))) {
            throw mismatch(field, caller);
        }
    }

    private static GatewayException mismatch(String field, Caller caller) {
        return new GatewayException(
                FaultCode.IDENTITY_MISMATCH,
                "The " + field + " in the message is not the authenticated caller (" + caller.getName()
                        + "): leave it out, or name the caller itself",
                field,
                null);
    }

    /** The caller as CXF's (and so Camel's, header CamelAuthentication) security context. */
    record CallerContext(Caller caller) implements SecurityContext {
        @Override
        public java.security.Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }
    }
}
