package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
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
        fault.setMessage(c.message());
        fault.setFaultCode(c.code().isCallerError() ? Fault.FAULT_CODE_CLIENT : Fault.FAULT_CODE_SERVER);
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
        for (Throwable t = fault; t != null; t = t.getCause()) {
            if (t instanceof GatewayException g) {
                LOG.info("Refused with {}: {}", g.code(), g.getMessage());
                return new Classified(g.code(), g.getMessage(), g.field(), g.requestId());
            }
        }
        if (outOfSpace(fault)) {
            LOG.warn("Refused with STORAGE_FULL: the disk filled up while the request was being stored");
            GatewayException full = ir.meganaft.ragateway.store.StorageSpace.full();
            return new Classified(full.code(), full.getMessage(), null, null);
        }
        String text = String.valueOf(fault.getMessage());
        Throwable root = rootCause(fault);
        String rootText = String.valueOf(root.getMessage());
        boolean schemaMessage = rootText.contains("cvc-") || text.contains("cvc-") || text.startsWith("Unmarshalling Error")
                || text.contains("Unexpected element") || text.contains("was not recognized")
                || text.contains("No such operation") || text.contains("Message part");
        boolean parseError = root instanceof XMLStreamException || root.getClass().getName().startsWith("com.ctc.wstx.exc")
                || (root instanceof org.xml.sax.SAXParseException && !rootText.contains("cvc-"));
        if (schemaMessage && !parseError) {
            String detail = (rootText.contains("cvc-") ? rootText : text).replaceFirst("^Unmarshalling Error:\\s*", "");
            LOG.info("Refused with SCHEMA_INVALID: {}", detail);
            return new Classified(FaultCode.SCHEMA_INVALID, "The message does not conform to the service's schema: "
                    + detail.trim(), null, null);
        }
        if (parseError || fault instanceof org.apache.cxf.binding.soap.SoapFault && isProtocolFault(fault)) {
            LOG.info("Refused with MALFORMED_XML: {}", rootText);
            return new Classified(FaultCode.MALFORMED_XML, "The message is not a well-formed SOAP envelope: "
                    + rootText.trim(), null, null);
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("Internal error, reference {}", reference, fault);
        return new Classified(FaultCode.INTERNAL_ERROR, "The gateway could not process the message (reference "
                + reference + "); a retry with the same clientRequestId is safe", null, null);
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

    /** CXF's own refusals of the envelope itself (wrong namespace, no Envelope, no Body). */
    private static boolean isProtocolFault(Fault fault) {
        javax.xml.namespace.QName code = fault.getFaultCode();
        String message = String.valueOf(fault.getMessage());
        return code != null && ("VersionMismatch".equals(code.getLocalPart()) || message.contains("Envelope")
                || message.contains("Body"));
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

    record Classified(FaultCode code, String message, String field, String requestId) {
    }
}
