package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.errors.LogSafe;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Set;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * The first check on every request to a SOAP port, before anything is parsed (issue 13): only
 * POST (and GET for the WSDL and its schemas), only the port's own media type ({@code text/xml}
 * on SOAP 1.1 ports, {@code application/soap+xml} on SOAP 1.2 ports) or {@code multipart/related}
 * (MTOM) with a boundary, a known charset, and a body no larger than
 * {@code gateway.http.max-request-bytes}, counted while it is read whatever the framing (a
 * Content-Length, chunks or neither). An MTOM body also carries at most
 * {@code gateway.http.max-attachments} attachments of at most {@code gateway.http.max-attachment-bytes}
 * together ({@link AttachmentCounter}), counted on the raw body before CXF's attachment reader
 * sees it. Each refusal is a {@link GatewayException}, so {@link SoapFaultInterceptor} turns it into
 * a client fault like any other.
 */
public final class HttpEdge extends AbstractPhaseInterceptor<Message> {
    private static final Set<String> CHARSETS = Set.of("utf-8", "utf-16", "utf-16be", "utf-16le");
    /** How CXF's AttachmentDeserializer finds the boundary in a Content-Type: the same one is counted here. */
    private static final java.util.regex.Pattern BOUNDARY = java.util.regex.Pattern.compile("boundary=\"?([^\";]*)");

    private final long maxRequestBytes;
    private final int maxAttachments;
    private final long maxAttachmentBytes;

    public HttpEdge(HttpServerEdge.Limits limits) {
        super(Phase.RECEIVE);
        // below CXF's attachment reader, which takes the raw body from the message at the same phase
        addBefore(org.apache.cxf.interceptor.AttachmentInInterceptor.class.getName());
        this.maxRequestBytes = limits.maxRequestBytes();
        this.maxAttachments = limits.maxAttachments();
        this.maxAttachmentBytes = limits.maxAttachmentBytes();
    }

    @Override
    public void handleMessage(Message message) {
        String method = String.valueOf(message.get(Message.HTTP_REQUEST_METHOD));
        if ("GET".equals(method) && isDescription(message)) {
            return; // ?wsdl and ?xsd=..., answered by CXF
        }
        if (!"POST".equals(method)) {
            throw new GatewayException(
                    FaultCode.METHOD_NOT_ALLOWED,
                    "Only POST is accepted here (and GET with ?wsdl); this was " + LogSafe.excerpt(method));
        }
        String boundary = checkMediaType(message);
        String length = header(message, "Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new GatewayException(FaultCode.MALFORMED_XML, "The Content-Length is not a number");
            }
            if (declared > maxRequestBytes) {
                throw tooLarge();
            }
            if (declared == 0) {
                throw new GatewayException(
                        FaultCode.MALFORMED_XML, "The request has no body: a SOAP envelope is expected");
            }
        }
        InputStream in = message.getContent(InputStream.class);
        if (in != null) {
            message.setContent(
                    InputStream.class,
                    new Bounded(
                            in,
                            maxRequestBytes,
                            boundary == null
                                    ? null
                                    : new AttachmentCounter(boundary, maxAttachments, maxAttachmentBytes)));
        }
    }

    private GatewayException tooLarge() {
        return new GatewayException(
                FaultCode.REQUEST_TOO_LARGE,
                "The request is larger than the gateway accepts (" + maxRequestBytes + " bytes)");
    }

    private static boolean isDescription(Message message) {
        String query = String.valueOf(message.get(Message.QUERY_STRING)).toLowerCase(Locale.ROOT);
        return query.startsWith("wsdl") || query.startsWith("xsd=");
    }

    /** Refuses a Content-Type the port does not take; returns the multipart boundary, or null for plain SOAP. */
    private static String checkMediaType(Message message) {
        String contentType = (String) message.get(Message.CONTENT_TYPE);
        if (contentType == null || contentType.isBlank()) {
            throw new GatewayException(FaultCode.UNSUPPORTED_MEDIA_TYPE, "The request has no Content-Type");
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean soap12 = message instanceof SoapMessage soap && soap.getVersion() == Soap12.getInstance();
        String expected = soap12 ? "application/soap+xml" : "text/xml";
        String charset = null;
        String boundary = null;
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=", 2);
            String name = pair[0].trim().toLowerCase(Locale.ROOT);
            String value = pair.length > 1 ? pair[1].trim().replace("\"", "") : "";
            if (name.equals("charset")) {
                charset = value.toLowerCase(Locale.ROOT);
            } else if (name.equals("boundary")) {
                boundary = value;
            }
        }
        if (type.equals("multipart/related")) {
            java.util.regex.Matcher cxfBoundary = BOUNDARY.matcher(contentType);
            if (boundary == null
                    || boundary.isEmpty()
                    || !cxfBoundary.find()
                    || cxfBoundary.group(1).isEmpty()) {
                throw new GatewayException(
                        FaultCode.UNSUPPORTED_MEDIA_TYPE, "multipart/related needs a boundary parameter");
            }
            return cxfBoundary.group(1);
        }
        if (!type.equals(expected)) {
            throw new GatewayException(
                    FaultCode.UNSUPPORTED_MEDIA_TYPE,
                    "This port accepts " + expected + " or multipart/related (MTOM), not " + LogSafe.excerpt(type));
        }
        if (charset != null && !CHARSETS.contains(charset)) {
            throw new GatewayException(
                    FaultCode.UNSUPPORTED_MEDIA_TYPE,
                    "The charset must be UTF-8 or UTF-16, not " + LogSafe.excerpt(charset));
        }
        if (charset == null) {
            // the servlet layer's default for text/* is ISO-8859-1; SOAP callers mean UTF-8 (the XML default)
            message.put(Message.ENCODING, "UTF-8");
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static String header(Message message, String name) {
        java.util.Map<String, java.util.List<String>> headers =
                (java.util.Map<String, java.util.List<String>>) message.get(Message.PROTOCOL_HEADERS);
        if (headers == null) {
            return null;
        }
        for (java.util.Map.Entry<String, java.util.List<String>> e : headers.entrySet()) {
            if (e.getKey() != null
                    && e.getKey().equalsIgnoreCase(name)
                    && e.getValue() != null
                    && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** Counts what is read and refuses the request once it passes the limit; MTOM parts go to a counter too. */
    private final class Bounded extends FilterInputStream {
        private final AttachmentCounter attachments;
        private long remaining;

        Bounded(InputStream in, long limit, AttachmentCounter attachments) {
            super(in);
            this.remaining = limit;
            this.attachments = attachments;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
                if (attachments != null) {
                    attachments.accept((byte) b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
                if (attachments != null) {
                    attachments.accept(buffer, offset, n);
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // read rather than skip, so that skipped bytes are counted too
            byte[] buffer = new byte[(int) Math.min(n, 8192)];
            long skipped = 0;
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void count(int n) {
            remaining -= n;
            if (remaining < 0) {
                throw tooLarge();
            }
        }
    }

    /**
     * Reads every MIME part of an MTOM request before the operation runs, so that the attachment
     * limits hold for every part, referred to or not, before anything is stored. CXF reads attachments
     * lazily, as the envelope refers to them; today its schema validation (among others) happens to
     * read every part first too, and this keeps the guarantee should that change.
     */
    public static final class AllPartsRead extends AbstractPhaseInterceptor<Message> {
        public AllPartsRead() {
            super(Phase.PRE_LOGICAL);
        }

        @Override
        public void handleMessage(Message message) {
            java.util.Collection<org.apache.cxf.message.Attachment> attachments = message.getAttachments();
            if (attachments != null) {
                attachments.size(); // CXF's LazyAttachmentCollection reads every part to count them
            }
        }
    }

    /**
     * An empty Body (or one whose element is the wrong one for the SOAPAction's operation but was
     * let through) leaves the operation without its request: refused as SCHEMA_INVALID rather than
     * failing inside the operation as an internal error.
     */
    public static final class RequestElementRequired extends AbstractPhaseInterceptor<Message> {
        public RequestElementRequired() {
            super(Phase.PRE_LOGICAL);
        }

        @Override
        public void handleMessage(Message message) {
            org.apache.cxf.message.MessageContentsList parts =
                    org.apache.cxf.message.MessageContentsList.getContentsList(message);
            if (parts == null || parts.isEmpty() || parts.stream().allMatch(java.util.Objects::isNull)) {
                throw new GatewayException(
                        FaultCode.SCHEMA_INVALID, "The Body holds no request element for the operation");
            }
        }
    }
}
