package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.types.Document;
import ir.meganaft.ragateway.contract.types.DocumentHolder;
import ir.meganaft.ragateway.contract.types.DocumentType;
import ir.meganaft.ragateway.support.Faults;
import ir.meganaft.ragateway.support.GatewayDatabase;
import ir.meganaft.ragateway.support.GatewayPerClass;
import ir.meganaft.ragateway.support.Logged;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestPrincipals;
import jakarta.activation.DataHandler;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.soap.SOAPBinding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.cxf.transport.http.HTTPException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.util.Throwables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and broken requests at the HTTP/SOAP edge (issue 13), sent as raw HTTP: each gets a client
 * fault with a stable code and the right status, and no answer carries a stack trace, a Java class
 * name, an unescaped control character or a Server header.
 */
class HostileInputIT {
    private static final String SOAP11 = "/ra/RegistrationService";
    private static final String SOAP12 = "/ra/soap12/RegistrationService";
    private static final String ENVELOPE = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:r=\"http://ra.meganaft.ir/gateway/registration/v1\">%s<s:Body>%s</s:Body></s:Envelope>";
    private static final String CA_CERTIFICATES = "<r:GetCaCertificatesRequest/>";
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:java|javax|jakarta|org|com|sun)\\.[a-z]\\w*\\.");
    private static final int MAX_ATTACHMENTS = 3;
    private static final int MAX_ATTACHMENT_BYTES = 256 * 1024;

    @RegisterExtension
    static final GatewayPerClass started = GatewayPerClass.withSettings(() -> java.util.Map.of(
            "gateway.http.max-request-bytes",
            "1048576",
            "gateway.http.max-attachments",
            Integer.toString(MAX_ATTACHMENTS),
            "gateway.http.max-attachment-bytes",
            Integer.toString(MAX_ATTACHMENT_BYTES)));

    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = started.gateway();
    }

    @Test
    void a_well_formed_request_is_still_answered_and_carries_no_server_header() throws IOException {
        Answer answer = post(SOAP11, "text/xml; charset=utf-8", "urn:getCaCertificates", envelope("", CA_CERTIFICATES));
        assertThat(answer.status).as(answer.text()).isEqualTo(200);
        assertClean(answer);
        Answer wsdl = raw("GET " + SOAP11 + "?wsdl HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(wsdl.status).isEqualTo(200);
        assertThat(wsdl.headers).doesNotContain("server:");
    }

    /** .NET and other stacks send Expect: 100-continue; the eager read of bodies must still ask for the body. */
    @Test
    void a_request_that_expects_100_continue_gets_it_and_then_its_answer() throws IOException {
        byte[] body = envelope("", CA_CERTIFICATES).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = gateway.connect()) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + SOAP11 + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\n"
                            + "SOAPAction: \"urn:getCaCertificates\"\r\nExpect: 100-continue\r\nContent-Length: "
                            + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream interim = new ByteArrayOutputStream();
            while (!interim.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the interim answer so far: " + interim).isNotNegative();
                interim.write(b);
            }
            assertThat(interim.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 100");
            out.write(body);
            out.flush();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            in.transferTo(rest);
            Answer answer = Answer.parse(rest.toByteArray());
            assertThat(answer.status).as(answer.text()).isEqualTo(200);
            assertThat(answer.text()).contains("GetCaCertificatesResponse");
        }
    }

    @Test
    void soap_posted_as_text_plain_or_a_form_is_unsupported_media_type() throws IOException {
        for (String type : new String[] {
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/soap+xml; charset=utf-8"
        }) {
            Answer answer = post(SOAP11, type, "urn:getCaCertificates", envelope("", CA_CERTIFICATES));
            assertFault(answer, 415, "UNSUPPORTED_MEDIA_TYPE");
        }
        Answer soap12AsText = post(SOAP12, "text/xml", "urn:getCaCertificates", envelope("", CA_CERTIFICATES));
        assertFault(soap12AsText, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void an_unknown_charset_is_unsupported_media_type_not_an_html_page() throws IOException {
        Answer answer = post(
                SOAP11, "text/xml; charset=x-no-such-charset", "urn:getCaCertificates", envelope("", CA_CERTIFICATES));
        assertFault(answer, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(answer.text().toLowerCase(Locale.ROOT)).doesNotContain("<html");
    }

    @Test
    void multipart_without_a_boundary_is_unsupported_media_type() throws IOException {
        Answer answer = post(
                SOAP11,
                "multipart/related; type=\"application/xop+xml\"",
                "urn:getCaCertificates",
                envelope("", CA_CERTIFICATES));
        assertFault(answer, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void get_put_and_delete_on_an_endpoint_are_method_not_allowed() throws IOException {
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            String body = method.equals("PUT") ? envelope("", CA_CERTIFICATES) : "";
            Answer answer = raw(
                    method + " " + SOAP11 + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\n"
                            + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
            assertFault(answer, 405, "METHOD_NOT_ALLOWED");
        }
    }

    @Test
    void bytes_that_are_not_utf_8_are_malformed_xml() throws IOException {
        for (byte[] bad : new byte[][] {
            {(byte) 0xC3, (byte) 0x28},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {(byte) 0xFF}
        }) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(
                    envelope("", "<r:GetRequestStatusRequest><r:requestId>").getBytes(StandardCharsets.UTF_8));
            String envelope =
                    envelope("", "<r:GetRequestStatusRequest><r:requestId>X</r:requestId></r:GetRequestStatusRequest>");
            byte[] whole = envelope.getBytes(StandardCharsets.UTF_8);
            int at = envelope.indexOf(">X<") + 1;
            body.reset();
            body.write(whole, 0, at);
            body.writeBytes(bad);
            body.write(whole, at + 1, whole.length - at - 1);
            Answer answer = post(SOAP11, "text/xml; charset=utf-8", "urn:getRequestStatus", body.toByteArray());
            assertFault(answer, 500, "MALFORMED_XML");
        }
    }

    @Test
    void a_soap_action_of_another_services_operation_is_unknown_operation() throws IOException {
        Answer answer = post(SOAP11, "text/xml", "urn:approveRequest", envelope("", CA_CERTIFICATES));
        assertFault(answer, 500, "UNKNOWN_OPERATION");
    }

    @Test
    void an_empty_body_or_an_envelope_without_one_is_a_client_fault() throws IOException {
        assertFault(post(SOAP11, "text/xml", "urn:getRequestStatus", envelope("", "")), 500, "SCHEMA_INVALID");
        assertFault(
                post(
                        SOAP11,
                        "text/xml",
                        "urn:getCaCertificates",
                        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>"),
                500,
                "MALFORMED_XML");
        assertFault(
                post(
                        SOAP11,
                        "text/xml",
                        "urn:getCaCertificates",
                        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header/></s:Envelope>"),
                500,
                "MALFORMED_XML");
        assertFault(post(SOAP11, "text/xml", "urn:getCaCertificates", ""), 500, "MALFORMED_XML");
    }

    @Test
    void an_unknown_must_understand_header_is_a_fault_naming_no_internals() throws IOException {
        Answer answer = post(
                SOAP11,
                "text/xml",
                "urn:getCaCertificates",
                envelope(
                        "<s:Header><x:Secret xmlns:x=\"urn:unknown\" s:mustUnderstand=\"1\">v</x:Secret></s:Header>",
                        CA_CERTIFICATES));
        assertFault(answer, 500, "SCHEMA_INVALID");
        assertThat(answer.text()).contains("MustUnderstand");
    }

    @Test
    void broken_chunked_framing_is_refused_without_internals() throws IOException {
        String head = "POST " + SOAP11 + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\n"
                + "SOAPAction: \"urn:getCaCertificates\"\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String chunks : new String[] {
            "zz\r\n<x/>\r\n0\r\n\r\n", "5\r\n<s:Envelope\r\n0\r\n\r\n", "fffffffffffffffffffff\r\nabc\r\n0\r\n\r\n"
        }) {
            Answer answer = raw(head + chunks);
            assertThat(answer.status).as(answer.text()).isIn(400, 500);
            if (answer.status == 500) {
                assertThat(Faults.codeIn(answer.text())).isIn("MALFORMED_XML");
            }
            assertClean(answer);
        }
    }

    @Test
    void a_control_or_bidi_character_is_quoted_escaped_and_the_answer_stays_well_formed() throws Exception {
        String value = "\u202Eabc\u0001def";
        Answer answer = post(
                SOAP11,
                "text/xml; charset=utf-8",
                "urn:getRequestStatus",
                envelope(
                        "",
                        "<r:GetRequestStatusRequest><r:requestId>" + value
                                + "</r:requestId></r:GetRequestStatusRequest>"));
        assertThat(answer.status).isEqualTo(500);
        assertThat(Faults.codeIn(answer.text())).isIn("MALFORMED_XML", "SCHEMA_INVALID");
        assertWellFormed(answer);
        Answer bidi = post(
                SOAP11,
                "text/xml; charset=utf-8",
                "urn:getRequestStatus",
                envelope(
                        "",
                        "<r:GetRequestStatusRequest><r:requestId>\u202Eabc\u2066</r:requestId></r:GetRequestStatusRequest>"));
        assertFault(bidi, 500, "SCHEMA_INVALID");
        assertThat(bidi.text()).doesNotContain("\u202E", "\u2066").contains("\\u202Eabc\\u2066");
        assertWellFormed(bidi);
        Answer noCharset = post(
                SOAP11,
                "text/xml",
                "urn:getRequestStatus",
                envelope(
                        "",
                        "<r:GetRequestStatusRequest><r:requestId>\u202Eکد</r:requestId></r:GetRequestStatusRequest>"));
        assertFault(noCharset, 500, "SCHEMA_INVALID");
        assertThat(noCharset.text())
                .as("read as UTF-8 when no charset is given")
                .contains("\\u202Eکد");
        assertWellFormed(noCharset);
    }

    @Test
    void headers_over_the_limit_are_refused_with_a_soap_fault_not_a_page() throws IOException {
        Answer answer = raw("POST " + SOAP11 + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\n"
                + "X-Big: " + "b".repeat(20_000) + "\r\nContent-Length: 0\r\n\r\n");
        assertThat(answer.status).isEqualTo(431);
        assertThat(Faults.codeIn(answer.text())).as(answer.text()).isEqualTo("REQUEST_TOO_LARGE");
        assertClean(answer);
        Answer longUrl =
                raw("GET " + SOAP11 + "?" + "u".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(longUrl.status).isIn(414, 431);
        assertClean(longUrl);
    }

    @Test
    void the_pki_files_refuse_other_verbs_without_internals() throws IOException {
        Answer answer = rawPlain(
                "PUT /pki/issuing-ca.cer HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(answer.status).isEqualTo(405);
        assertClean(answer);
        Answer ca = rawPlain("GET /pki/issuing-ca.cer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(ca.status).isEqualTo(200);
        assertThat(ca.headers).doesNotContain("\nserver:");
    }

    @Test
    void a_long_value_is_quoted_as_a_short_excerpt() throws IOException {
        String value = "A".repeat(200_000);
        Answer answer = post(
                SOAP11,
                "text/xml",
                "urn:getRequestStatus",
                envelope(
                        "",
                        "<r:GetRequestStatusRequest><r:requestId>" + value
                                + "</r:requestId></r:GetRequestStatusRequest>"));
        assertFault(answer, 500, "SCHEMA_INVALID");
        assertThat(answer.body.length).isLessThan(4096);
    }

    @Test
    void a_body_over_the_limit_is_request_too_large_with_or_without_a_content_length() throws IOException {
        String big = envelope(
                "",
                "<r:GetRequestStatusRequest><r:requestId>" + "A".repeat(2_000_000)
                        + "</r:requestId></r:GetRequestStatusRequest>");
        Answer declared = post(SOAP11, "text/xml", "urn:getRequestStatus", big);
        assertFault(declared, 413, "REQUEST_TOO_LARGE");
        assertThat(declared.body.length).isLessThan(4096);
        StringBuilder chunked = new StringBuilder(
                "POST " + SOAP11 + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                        + "Content-Type: text/xml\r\nSOAPAction: \"urn:getRequestStatus\"\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < big.length(); i += 65536) {
            String part = big.substring(i, Math.min(big.length(), i + 65536));
            chunked.append(Integer.toHexString(part.length()))
                    .append("\r\n")
                    .append(part)
                    .append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        assertFault(raw(chunked.toString()), 413, "REQUEST_TOO_LARGE");
    }

    @Test
    void a_date_that_does_not_parse_is_schema_invalid_without_a_class_name() throws IOException {
        Answer answer = post(
                SOAP11,
                "text/xml",
                "urn:submitCertificateRequest",
                envelope(
                        "",
                        "<r:SubmitCertificateRequest><r:header><t:clientRequestId xmlns:t=\"http://ra.meganaft.ir/gateway/types/v1\">"
                                + "HR-1</t:clientRequestId></r:header><r:applicant><t:birthDate "
                                + "xmlns:t=\"http://ra.meganaft.ir/gateway/types/v1\">1400-13-45</t:birthDate></r:applicant>"
                                + "</r:SubmitCertificateRequest>"));
        assertThat(answer.status).isEqualTo(500);
        assertThat(Faults.codeIn(answer.text())).isIn("SCHEMA_INVALID");
        assertClean(answer);
    }

    @Test
    void more_mtom_attachments_than_the_limit_are_request_too_large_even_when_the_envelope_refers_to_none()
            throws IOException {
        // parts large enough that reading the envelope does not read ahead into the last ones
        int size = 32 * 1024;
        Answer atTheLimit = post(SOAP11, MTOM_CONTENT_TYPE, "urn:getCaCertificates", mtom(MAX_ATTACHMENTS, size));
        assertThat(atTheLimit.status).as(atTheLimit.text()).isEqualTo(200);
        Answer oneMore = post(SOAP11, MTOM_CONTENT_TYPE, "urn:getCaCertificates", mtom(MAX_ATTACHMENTS + 1, size));
        assertFault(oneMore, 413, "REQUEST_TOO_LARGE");
        assertThat(oneMore.text()).contains("more attachments");
    }

    @Test
    void mtom_attachments_over_the_total_size_are_request_too_large_although_each_is_under_it() throws IOException {
        Answer answer =
                post(SOAP11, MTOM_CONTENT_TYPE, "urn:getCaCertificates", mtom(2, MAX_ATTACHMENT_BYTES / 2 + 1024));
        assertFault(answer, 413, "REQUEST_TOO_LARGE");
        assertThat(answer.text()).contains("bytes together");
    }

    // An MTOM client sends every base64Binary value as an attachment: each scan, and the CSR too.

    @Test
    void a_submission_with_more_scans_than_the_attachment_limit_is_refused_with_one_warning_and_stores_nothing()
            throws Exception {
        SubmitCertificateRequest request = withScans(MAX_ATTACHMENTS, 1024); // and the CSR: one attachment too many
        try (Logged logged = Logged.watch()) {
            assertRefusedAsTooLarge(() -> mtomClient().submitCertificateRequest(request));
            assertThat(logged.atLeast(Level.WARN))
                    .singleElement()
                    .asString()
                    .contains("REQUEST_TOO_LARGE", "more attachments");
        }
        assertNothingStored(request);
    }

    @Test
    void a_submission_with_attachments_it_never_refers_to_beyond_the_limit_is_refused_before_anything_is_stored()
            throws Exception {
        SubmitCertificateRequest request = withScans(1, 1024); // two attachments it refers to: a scan and the CSR
        RegistrationServicePortType client = mtomClient();
        // and two more after them, each larger than what reading the envelope and its parts reads ahead
        java.util.Map<String, DataHandler> unreferenced = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            unreferenced.put(
                    "extra" + i + "@limits",
                    new DataHandler(new jakarta.mail.util.ByteArrayDataSource(
                            new byte[32 * 1024], "application/octet-stream")));
        }
        ((BindingProvider) client)
                .getRequestContext()
                .put(jakarta.xml.ws.handler.MessageContext.OUTBOUND_MESSAGE_ATTACHMENTS, unreferenced);
        assertRefusedAsTooLarge(() -> client.submitCertificateRequest(request));
        assertNothingStored(request);
    }

    @Test
    void a_submission_whose_scans_together_pass_the_attachment_bytes_is_refused_with_one_warning_and_stores_nothing()
            throws Exception {
        SubmitCertificateRequest request = withScans(MAX_ATTACHMENTS - 1, MAX_ATTACHMENT_BYTES / 2 + 1024);
        try (Logged logged = Logged.watch()) {
            assertRefusedAsTooLarge(() -> mtomClient().submitCertificateRequest(request));
            assertThat(logged.atLeast(Level.WARN))
                    .singleElement()
                    .asString()
                    .contains("REQUEST_TOO_LARGE", "bytes together");
        }
        assertNothingStored(request);
    }

    @Test
    void a_submission_with_as_many_attachments_as_the_limits_allow_is_taken_and_each_scan_stored() throws Exception {
        SubmitCertificateRequest request = withScans(MAX_ATTACHMENTS - 1, MAX_ATTACHMENT_BYTES / 2 - 4096);
        mtomClient().submitCertificateRequest(request);
        for (Document document : request.getDocuments().getDocument()) {
            if (document.getFile() != null) {
                assertThat(stored(document)).as(document.getType() + "'s scan").isTrue();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static final String MTOM_BOUNDARY = "uuid:0d6f3a52-limits";
    private static final String MTOM_CONTENT_TYPE = "multipart/related; type=\"application/xop+xml\"; boundary=\""
            + MTOM_BOUNDARY + "\"; start=\"<root.message@cxf.apache.org>\"; start-info=\"text/xml\"";

    /** An MTOM request for the CA certificates, with {@code attachments} parts of {@code size} bytes it never refers to. */
    private static byte[] mtom(int attachments, int size) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + MTOM_BOUNDARY
                        + "\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n"
                        + "Content-ID: <root.message@cxf.apache.org>\r\n\r\n" + envelope("", CA_CERTIFICATES) + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < attachments; i++) {
            body.writeBytes(("--" + MTOM_BOUNDARY + "\r\nContent-Type: application/octet-stream\r\nContent-ID: <part"
                            + i + "@limits>\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(new byte[size]);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes(("--" + MTOM_BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return body.toByteArray();
    }

    /** A valid submission whose first {@code scans} documents (more are added as needed) each carry a scan of that size. */
    private static SubmitCertificateRequest withScans(int scans, int size) {
        SubmitCertificateRequest request = Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048));
        List<Document> documents = request.getDocuments().getDocument();
        DocumentType[] extra = {DocumentType.PASSPORT, DocumentType.DRIVING_LICENCE, DocumentType.WORK_RECORD};
        for (int i = 0; documents.size() < scans; i++) {
            documents.add(Requests.document(extra[i], DocumentHolder.APPLICANT));
        }
        java.util.Random random = new java.util.Random();
        for (Document document : documents.subList(0, scans)) {
            byte[] scan = new byte[size];
            random.nextBytes(scan);
            document.setFileName(document.getType().name().toLowerCase(Locale.ROOT) + ".png");
            document.setFile(new DataHandler(new jakarta.mail.util.ByteArrayDataSource(scan, "image/png")));
        }
        return request;
    }

    /**
     * A generated CXF client does not read the fault of an HTTP 413 answer: it reports the status (the fault's
     * code is asserted on raw answers above).
     */
    private static void assertRefusedAsTooLarge(ThrowingCallable call) {
        Throwable refused = catchThrowable(call);
        assertThat(refused).hasRootCauseInstanceOf(HTTPException.class);
        assertThat(((HTTPException) Throwables.getRootCause(refused)).getResponseCode())
                .isEqualTo(413);
    }

    private static RegistrationServicePortType mtomClient() {
        RegistrationServicePortType client = gateway.registrationAs(TestPrincipals.system(Requests.SYSTEM));
        ((SOAPBinding) ((BindingProvider) client).getBinding()).setMTOMEnabled(true);
        return client;
    }

    /** No request under its clientRequestId, and none of its scans in the evidence store. */
    private static void assertNothingStored(SubmitCertificateRequest request) throws Exception {
        Faults.assertFault(
                () -> gateway.registration()
                        .getRequestStatus(Requests.statusByClientRequestId(
                                request.getHeader().getClientRequestId())),
                "UNKNOWN_REQUEST");
        for (Document document : request.getDocuments().getDocument()) {
            if (document.getFile() != null) {
                assertThat(stored(document)).as(document.getType() + "'s scan").isFalse();
            }
        }
    }

    /** Whether the evidence store (the gateway's database, read while it runs in this JVM) holds a document's scan. */
    private static boolean stored(Document document) throws Exception {
        try (GatewayDatabase database = GatewayDatabase.open(started.data())) {
            return database.holdsScan(document.getFile().getInputStream().readAllBytes());
        }
    }

    private static String envelope(String header, String body) {
        return ENVELOPE.formatted(header, body);
    }

    private static void assertFault(Answer answer, int status, String code) {
        assertThat(answer.status).as(answer.text()).isEqualTo(status);
        assertThat(Faults.codeIn(answer.text())).as(answer.text()).isEqualTo(code);
        assertThat(answer.text())
                .as("fault code")
                .containsPattern("<faultcode>[^<]*(Client|MustUnderstand)</faultcode>|Sender");
        assertClean(answer);
    }

    /** No stack trace, class name, raw control character or Server header in the answer. */
    static void assertClean(Answer answer) {
        String text = answer.text();
        assertThat(answer.headers).as("headers").doesNotContain("\nserver:");
        assertThat(text).as("answer").doesNotContain("at org.", "at java.", "Exception", "Caused by");
        assertThat(CLASS_NAME.matcher(text).find())
                .as("a class name in " + text)
                .isFalse();
        assertThat(text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t'))
                .as("control character")
                .isFalse();
    }

    private static void assertWellFormed(Answer answer) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try {
            factory.newDocumentBuilder().parse(new ByteArrayInputStream(answer.body));
        } catch (org.xml.sax.SAXException e) {
            throw new AssertionError(
                    "not well-formed: "
                            + ir.meganaft.ragateway.errors.LogSafe.bounded(
                                    new String(answer.body, StandardCharsets.ISO_8859_1), 4000),
                    e);
        }
    }

    private static Answer post(String path, String contentType, String action, String body) throws IOException {
        return post(path, contentType, action, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer post(String path, String contentType, String action, byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\n" + "SOAPAction: \"" + action + "\"\r\nContent-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(body);
        return raw(request.toByteArray());
    }

    static Answer raw(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends bytes as they are on a new connection and reads the answer until the server closes it. */
    static Answer raw(byte[] request) throws IOException {
        return raw(request, false);
    }

    /** To the /pki files' plain-HTTP port instead of the SOAP port. */
    static Answer rawPlain(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.UTF_8), true);
    }

    static Answer raw(byte[] request, boolean plain) throws IOException {
        try (Socket socket = plain ? gateway.connectPlain() : gateway.connect()) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException refusedMidway) {
                // the gateway may answer and close before it has read everything
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (IOException reset) {
                // a reset after the answer
            }
            return Answer.parse(all.toByteArray());
        }
    }

    record Answer(int status, String headers, byte[] body) {
        static Answer parse(byte[] raw) {
            String all = new String(raw, StandardCharsets.ISO_8859_1);
            int end = all.indexOf("\r\n\r\n");
            if (end < 0) {
                return new Answer(-1, all.toLowerCase(Locale.ROOT), new byte[0]);
            }
            String headers = all.substring(0, end + 2);
            int status = Integer.parseInt(headers.split(" ", 3)[1]);
            byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            if (headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Answer(status, headers.toLowerCase(Locale.ROOT), body);
        }

        private static byte[] dechunk(byte[] chunked) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < chunked.length) {
                int lineEnd = indexOf(chunked, at);
                if (lineEnd < 0) {
                    break;
                }
                String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
                int n = size.isEmpty() ? 0 : Integer.parseInt(size, 16);
                if (n == 0) {
                    break;
                }
                out.write(chunked, lineEnd + 2, Math.min(n, chunked.length - lineEnd - 2));
                at = lineEnd + 2 + n + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] bytes, int from) {
            for (int i = from; i + 1 < bytes.length; i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
