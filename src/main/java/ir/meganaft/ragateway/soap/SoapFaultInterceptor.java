package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.errors.LogSafe;
import java.util.UUID;
import javax.xml.stream.XMLStreamException;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The one place where failures become SOAP faults. Every fault leaving the gateway carries a
 * {@code GatewayFault} detail with a stable code: domain refusals keep their code and message;
 * XML that does not parse is MALFORMED_XML; XML the schema refuses is SCHEMA_INVALID; anything
 * else is INTERNAL_ERROR with a reference to the log line, and no internals are disclosed.
 */
public final class SoapFaultInterceptor extends AbstractSoapInterceptor {
    static final String TYPES_NS = "http://ra.meganaft.ir/gateway/types/v1";
    private static final int MAX_MESSAGE = 512;
    private static final int MAX_LOGGED = 512;
    /** Refusals of the request's form rather than its content: logged at WARN, one line, no stack trace. */
    private static final java.util.Set<FaultCode> EDGE_CODES = java.util.EnumSet.of(
            FaultCode.MALFORMED_XML,
            FaultCode.SCHEMA_INVALID,
            FaultCode.METHOD_NOT_ALLOWED,
            FaultCode.UNSUPPORTED_MEDIA_TYPE,
            FaultCode.UNKNOWN_OPERATION,
            FaultCode.REQUEST_TOO_LARGE,
            FaultCode.REQUEST_TIMEOUT);
    /**
     * AdminService's own refusals, an admin naming a dead letter, queue or CRL target that is not
     * there: one WARN line, so a failed admin action shows beside the admin actions logged by the
     * domain (purges are WARN there too), where other services' refusals are INFO.
     */
    private static final java.util.Set<FaultCode> ADMIN_CODES = java.util.EnumSet.of(
            FaultCode.UNKNOWN_DEAD_LETTER,
            FaultCode.UNKNOWN_QUEUE,
            FaultCode.NO_ORIGINAL_QUEUE,
            FaultCode.UNKNOWN_CRL_TARGET);
    /** Refusals of the caller's certificate or identity: CallerEdge logs them (one WARN line with the certificate). */
    private static final java.util.Set<FaultCode> LOGGED_BY_CALLER_EDGE = java.util.EnumSet.of(
            FaultCode.CLIENT_CERTIFICATE_UNTRUSTED,
            FaultCode.CLIENT_CERTIFICATE_EXPIRED,
            FaultCode.CLIENT_CERTIFICATE_REVOKED,
            FaultCode.UNKNOWN_CLIENT,
            FaultCode.IDENTITY_MISMATCH);
    /**
     * HTTP status of the refusals made at the HTTP level; every other fault, client or server,
     * goes out with 500 as the SOAP 1.1 HTTP binding wants (and existing callers expect).
     */
    private static final java.util.Map<FaultCode, Integer> HTTP_STATUS = java.util.Map.of(
            FaultCode.METHOD_NOT_ALLOWED,
            405,
            FaultCode.UNSUPPORTED_MEDIA_TYPE,
            415,
            FaultCode.REQUEST_TOO_LARGE,
            413,
            FaultCode.REQUEST_TIMEOUT,
            408);

    private static final java.util.regex.Pattern CLASS_NAME = java.util.regex.Pattern.compile(
            "\\b(?:java|javax|jakarta|org|com|sun|jdk|net|io)\\.(?:[\\w$]+\\.)*[\\w$]*(?:Exception|Error|Throwable)\\b:?|"
                    + "\\b(?:java|javax|jakarta|org|com|sun|jdk)\\.(?:[a-z_][\\w]*\\.)+[A-Z][\\w$]*\\b");
    private static final java.util.regex.Pattern QUOTED =
            java.util.regex.Pattern.compile("'([^']{" + LogSafe.MAX_EXCERPT + ",})'", java.util.regex.Pattern.DOTALL);
    private static final Logger LOG = LoggerFactory.getLogger(SoapFaultInterceptor.class);

    public SoapFaultInterceptor() {
        super(Phase.PRE_PROTOCOL);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        Exception content = message.getContent(Exception.class);
        if (!(content instanceof Fault fault)) {
            return;
        }
        Classified c = classify(fault);
        message.getExchange().put(FaultCode.class, c.code()); // for SoapMetrics: faults counted by code
        fault.setMessage(c.message());
        if (!isMustUnderstand(fault)) { // SOAP 1.1 section 4.4.1 keeps MustUnderstand as it is
            fault.setFaultCode(c.code().isCallerError() ? Fault.FAULT_CODE_CLIENT : Fault.FAULT_CODE_SERVER);
        }
        Integer status = HTTP_STATUS.get(c.code());
        if (status != null) {
            fault.setStatusCode(status);
            message.put(org.apache.cxf.message.Message.RESPONSE_CODE, status);
        }
        Element detail = fault.getOrCreateDetail();
        while (detail.getFirstChild() != null) {
            detail.removeChild(detail.getFirstChild());
        }
        Document document = detail.getOwnerDocument();
        Element gatewayFault = document.createElementNS(TYPES_NS, "t:GatewayFault");
        append(gatewayFault, "code", c.code().name());
        append(gatewayFault, "message", c.message());
        if (c.field() != null) {
            append(gatewayFault, "field", c.field());
        }
        if (c.requestId() != null) {
            append(gatewayFault, "requestId", c.requestId());
        }
        detail.appendChild(gatewayFault);
    }

    static Classified classify(Fault fault) {
        Classified c = classifyRaw(fault);
        String message = clean(c.message());
        if (EDGE_CODES.contains(c.code()) || ADMIN_CODES.contains(c.code())) {
            LOG.warn("Refused with {}: {}", c.code(), LogSafe.bounded(message, MAX_LOGGED));
        } else if (c.code() != FaultCode.INTERNAL_ERROR
                && c.code() != FaultCode.STORAGE_FULL
                && !LOGGED_BY_CALLER_EDGE.contains(c.code())) {
            LOG.info("Refused with {}: {}", c.code(), LogSafe.bounded(message, MAX_LOGGED));
        }
        // field names the gateway's own elements (e.g. every missing document): escaped and bounded, not cut
        // to an excerpt like a caller's value
        return new Classified(
                c.code(),
                message,
                c.field() == null ? null : LogSafe.bounded(c.field(), MAX_MESSAGE),
                c.requestId() == null ? null : LogSafe.excerpt(c.requestId()));
    }

    /**
     * A fault message as a caller may read it: no Java class names, every quoted value cut to an
     * excerpt ({@link LogSafe}), control and bidi characters escaped, at most 512 characters.
     */
    static String clean(String message) {
        String text = CLASS_NAME.matcher(String.valueOf(message)).replaceAll("");
        text = text.replaceAll("^[:\\s]+", "");
        java.util.regex.Matcher quoted = QUOTED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (quoted.find()) {
            quoted.appendReplacement(
                    out, java.util.regex.Matcher.quoteReplacement("'" + LogSafe.excerpt(quoted.group(1)) + "'"));
        }
        quoted.appendTail(out);
        return LogSafe.bounded(out.toString().trim(), MAX_MESSAGE);
    }

    private static Classified classifyRaw(Fault fault) {
        for (Throwable t = fault; t != null; t = t.getCause()) {
            if (t instanceof GatewayException g) {
                return new Classified(g.code(), g.getMessage(), g.field(), g.requestId());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (overCxfAttachmentLimit(fault)) {
            // HttpEdge refuses first; CXF's own limits (attachment-max-count, attachment-max-size) are set alike
            return new Classified(
                    FaultCode.REQUEST_TOO_LARGE,
                    "The attachments are more or larger than the gateway accepts",
                    null,
                    null);
        }
        if (idleTimeout(fault)) {
            // the connection's idle timeout, met by a read or write of this exchange (HttpServerEdge.TimedRequest
            // answers a stalled body itself; this is what is left, e.g. an answer the caller stopped reading)
            return new Classified(
                    FaultCode.REQUEST_TIMEOUT,
                    "The connection was idle for longer than the gateway allows",
                    null,
                    null);
        }
        if (outOfSpace(fault)) {
            LOG.warn("Refused with STORAGE_FULL: the disk filled up while the request was being stored");
            GatewayException full = ir.meganaft.ragateway.store.StorageSpace.full();
            return new Classified(full.code(), full.getMessage(), null, null);
        }
        String text = String.valueOf(fault.getMessage());
        Throwable root = rootCause(fault);
        String rootText = String.valueOf(root.getMessage());
        if (isMustUnderstand(fault)) {
            return new Classified(
                    FaultCode.SCHEMA_INVALID,
                    "A header marked mustUnderstand is not one this service knows",
                    null,
                    null);
        }
        if (text.contains("SOAPAction")
                || text.contains("does not match an operation")
                || text.contains("No such operation")) {
            return new Classified(
                    FaultCode.UNKNOWN_OPERATION,
                    "The SOAPAction or the Body's element names no operation of " + "this service",
                    null,
                    null);
        }
        if (undecodable(fault)) {
            return new Classified(
                    FaultCode.MALFORMED_XML,
                    "The message is not valid in its declared charset (UTF-8 unless "
                            + "the Content-Type says otherwise)",
                    null,
                    null);
        }
        if (root instanceof java.util.NoSuchElementException
                && java.util.Arrays.stream(root.getStackTrace())
                        .anyMatch(e -> e.getClassName().contains("ReadHeadersInterceptor")
                                || e.getClassName().contains("StaxUtils")
                                || e.getClassName().startsWith("com.ctc.wstx"))) {
            // a self-closed or truncated Envelope: the SOAP reader ran off its end looking for Header or Body
            return new Classified(
                    FaultCode.MALFORMED_XML, "The message is not a SOAP envelope with a Body", null, null);
        }
        if (brokenFraming(fault)) {
            return new Classified(
                    FaultCode.MALFORMED_XML,
                    "The request body could not be read: its HTTP framing is broken " + "or it ended early",
                    null,
                    null);
        }
        boolean schemaMessage = rootText.contains("cvc-")
                || text.contains("cvc-")
                || text.startsWith("Unmarshalling Error")
                || text.contains("Unexpected element")
                || text.contains("was not recognized")
                || text.contains("No such operation")
                || text.contains("Message part");
        boolean parseError = root instanceof XMLStreamException
                || root.getClass().getName().startsWith("com.ctc.wstx.exc")
                || (root instanceof org.xml.sax.SAXParseException && !rootText.contains("cvc-"));
        if (schemaMessage && !parseError) {
            String detail = (rootText.contains("cvc-") ? rootText : text).replaceFirst("^Unmarshalling Error:\\s*", "");
            return new Classified(
                    FaultCode.SCHEMA_INVALID,
                    "The message does not conform to the service's schema: " + detail.trim(),
                    refusedElement(detail),
                    null);
        }
        if (parseError || fault instanceof org.apache.cxf.binding.soap.SoapFault && isProtocolFault(fault)) {
            return new Classified(
                    FaultCode.MALFORMED_XML,
                    "The message is not a well-formed SOAP envelope: " + rootText.trim(),
                    null,
                    null);
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Internal error, reference {}", reference, fault);
        return new Classified(
                FaultCode.INTERNAL_ERROR,
                "The gateway could not process the message (reference " + reference
                        + "); a retry with the same clientRequestId is safe",
                null,
                null);
    }

    /** The rules whose validator message names the element it refused (not those that quote only a value). */
    private static final java.util.regex.Pattern ELEMENT_RULE =
            java.util.regex.Pattern.compile("cvc-([a-z-]+)\\.[0-9.a-z]*:");

    private static final java.util.regex.Pattern NAMED_ELEMENT =
            java.util.regex.Pattern.compile("element '([^']{1,300})'");
    private static final java.util.regex.Pattern UNEXPECTED =
            java.util.regex.Pattern.compile("(?i)unexpected element \\(uri:\"[^\"]*\", local:\"([^\"]{1,300})\"\\)");
    private static final java.util.regex.Pattern QNAME = java.util.regex.Pattern.compile(
            "(?:\\{\"[^\"]*\":([A-Za-z_][A-Za-z0-9_.-]{0,63})\\})|(?:(?:[A-Za-z_][A-Za-z0-9_.-]*:)?([A-Za-z_][A-Za-z0-9_.-]{0,63}))");

    /**
     * The local name of the element a schema message says was refused, for the fault's field: from
     * a Xerces rule that names an element ({@code cvc-complex-type.2.4.a: ... starting with element
     * '{"ns":x}'}, {@code cvc-type.3.1.3: The value '..' of element 't:x' ...}) or JAXB's
     * "unexpected element (uri:.., local:"x")". Null when unsure: another rule (those that quote only
     * the value), no name or more than one, or a name that is not a plain XML name.
     */
    static String refusedElement(String detail) {
        if (detail == null) {
            return null;
        }
        java.util.regex.Matcher unexpected = UNEXPECTED.matcher(detail);
        if (unexpected.find()) {
            return plainName(unexpected.group(1));
        }
        java.util.regex.Matcher rule = ELEMENT_RULE.matcher(detail);
        if (!rule.find()
                || !java.util.Set.of("complex-type", "type", "elt", "attribute").contains(rule.group(1))) {
            return null;
        }
        java.util.regex.Matcher named = NAMED_ELEMENT.matcher(detail);
        String name = null;
        while (named.find()) {
            if (name != null) {
                return null;
            }
            name = named.group(1);
        }
        return name == null ? null : plainName(name);
    }

    private static String plainName(String name) {
        java.util.regex.Matcher q = QNAME.matcher(name);
        if (!q.matches()) {
            return null;
        }
        return q.group(1) != null ? q.group(1) : q.group(2);
    }

    /** CXF's AttachmentDeserializer refusing a part beyond attachment-max-count, or a part over attachment-max-size. */
    private static boolean overCxfAttachmentLimit(Throwable fault) {
        for (Throwable t = fault; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof org.apache.cxf.io.CacheSizeExceededException
                    || String.valueOf(t.getMessage()).contains("more attachments than are permitted")) {
                return true;
            }
        }
        return false;
    }

    /** Jetty's idle timeout (gateway.http.idle-timeout-ms), however it was wrapped. */
    private static boolean idleTimeout(Throwable fault) {
        for (Throwable t = fault; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    && String.valueOf(t.getMessage()).startsWith("Idle timeout")) {
                return true;
            }
        }
        return false;
    }

    /** A write that failed for want of disk space (ENOSPC), however the database or broker wrapped it. */
    private static boolean outOfSpace(Throwable fault) {
        for (Throwable t = fault; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("No space left on device")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Bytes that are not characters of the request's charset, however the parser reported them. */
    private static boolean undecodable(Throwable fault) {
        for (Throwable t = fault; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.io.CharConversionException
                    || t instanceof java.nio.charset.CharacterCodingException
                    || String.valueOf(t.getMessage()).contains("Invalid UTF-8")
                    || String.valueOf(t.getMessage()).contains("Invalid byte")) {
                return true;
            }
        }
        return false;
    }

    /** The HTTP layer's refusal of the body's framing (bad chunks, a body cut short). */
    private static boolean brokenFraming(Throwable fault) {
        for (Throwable t = fault; t != null && t.getCause() != t; t = t.getCause()) {
            String name = t.getClass().getName();
            if (name.startsWith("org.eclipse.jetty.")
                            && (name.contains("BadMessage")
                                    || name.contains("EofException")
                                    || name.contains("HttpException"))
                    || t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMustUnderstand(Fault fault) {
        return fault.getFaultCode() != null
                && "MustUnderstand".equals(fault.getFaultCode().getLocalPart());
    }

    /** CXF's own refusals of the envelope itself (wrong namespace, no Envelope, no Body). */
    private static boolean isProtocolFault(Fault fault) {
        javax.xml.namespace.QName code = fault.getFaultCode();
        String message = String.valueOf(fault.getMessage());
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        return code != null
                && ("VersionMismatch".equals(code.getLocalPart())
                        || lower.contains("envelope")
                        || lower.contains("body"));
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof jakarta.xml.bind.JAXBException jaxb && jaxb.getLinkedException() != null) {
            return jaxb.getLinkedException();
        }
        return root;
    }

    private static void append(Element parent, String name, String text) {
        Element child = parent.getOwnerDocument().createElementNS(TYPES_NS, "t:" + name);
        child.setTextContent(text);
        parent.appendChild(child);
    }

    record Classified(FaultCode code, String message, String field, String requestId) {}
}
