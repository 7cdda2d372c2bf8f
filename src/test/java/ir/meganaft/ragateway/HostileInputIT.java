package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.support.Faults;
import ir.meganaft.ragateway.support.RunningGateway;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    static Path data;
    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start(data, RunningGateway.freePort(), java.util.Map.of("gateway.http.max-request-bytes", "1048576"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
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

    @Test
    void soap_posted_as_text_plain_or_a_form_is_unsupported_media_type() throws IOException {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
            "application/soap+xml; charset=utf-8"}) {
            Answer answer = post(SOAP11, type, "urn:getCaCertificates", envelope("", CA_CERTIFICATES));
            assertFault(answer, 415, "UNSUPPORTED_MEDIA_TYPE");
        }
        Answer soap12AsText = post(SOAP12, "text/xml", "urn:getCaCertificates", envelope("", CA_CERTIFICATES));
        assertFault(soap12AsText, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void an_unknown_charset_is_unsupported_media_type_not_an_html_page() throws IOException {
        Answer answer = post(SOAP11, "text/xml; charset=x-no-such-charset", "urn:getCaCertificates", envelope("", CA_CERTIFICATES));
        assertFault(answer, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(answer.text().toLowerCase(Locale.ROOT)).doesNotContain("<html");
    }

    @Test
    void multipart_without_a_boundary_is_unsupported_media_type() throws IOException {
        Answer answer = post(SOAP11, "multipart/related; type=\"application/xop+xml\"", "urn:getCaCertificates",
                envelope("", CA_CERTIFICATES));
        assertFault(answer, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void get_put_and_delete_on_an_endpoint_are_method_not_allowed() throws IOException {
        for (String method : new String[] {"GET", "PUT", "DELETE"}) {
            String body = method.equals("PUT") ? envelope("", CA_CERTIFICATES) : "";
            Answer answer = raw(method + " " + SOAP11 + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
            assertFault(answer, 405, "METHOD_NOT_ALLOWED");
        }
    }

    @Test
    void bytes_that_are_not_utf_8_are_malformed_xml() throws IOException {
        for (byte[] bad : new byte[][] {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
            {(byte) 0xFF}}) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(envelope("", "<r:GetRequestStatusRequest><r:requestId>").getBytes(StandardCharsets.UTF_8));
            String envelope = envelope("", "<r:GetRequestStatusRequest><r:requestId>X</r:requestId></r:GetRequestStatusRequest>");
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
        assertFault(post(SOAP11, "text/xml", "urn:getCaCertificates",
                "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>"), 500, "MALFORMED_XML");
        assertFault(post(SOAP11, "text/xml", "urn:getCaCertificates",
                "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header/></s:Envelope>"), 500, "MALFORMED_XML");
        assertFault(post(SOAP11, "text/xml", "urn:getCaCertificates", ""), 500, "MALFORMED_XML");
    }

    @Test
    void an_unknown_must_understand_header_is_a_fault_naming_no_internals() throws IOException {
        Answer answer = post(SOAP11, "text/xml", "urn:getCaCertificates", envelope(
                "<s:Header><x:Secret xmlns:x=\"urn:unknown\" s:mustUnderstand=\"1\">v</x:Secret></s:Header>", CA_CERTIFICATES));
        assertFault(answer, 500, "SCHEMA_INVALID");
        assertThat(answer.text()).contains("MustUnderstand");
    }

    @Test
    void broken_chunked_framing_is_refused_without_internals() throws IOException {
        String head = "POST " + SOAP11 + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\n"
                + "SOAPAction: \"urn:getCaCertificates\"\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String chunks : new String[] {"zz\r\n<x/>\r\n0\r\n\r\n", "5\r\n<s:Envelope\r\n0\r\n\r\n",
            "fffffffffffffffffffff\r\nabc\r\n0\r\n\r\n"}) {
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
        Answer answer = post(SOAP11, "text/xml; charset=utf-8", "urn:getRequestStatus", envelope("",
                "<r:GetRequestStatusRequest><r:requestId>" + value + "</r:requestId></r:GetRequestStatusRequest>"));
        assertThat(answer.status).isEqualTo(500);
        assertThat(Faults.codeIn(answer.text())).isIn("MALFORMED_XML", "SCHEMA_INVALID");
        assertWellFormed(answer);
        Answer bidi = post(SOAP11, "text/xml; charset=utf-8", "urn:getRequestStatus", envelope("",
                "<r:GetRequestStatusRequest><r:requestId>\u202Eabc\u2066</r:requestId></r:GetRequestStatusRequest>"));
        assertFault(bidi, 500, "SCHEMA_INVALID");
        assertThat(bidi.text()).doesNotContain("\u202E", "\u2066").contains("\\u202Eabc\\u2066");
        assertWellFormed(bidi);
        Answer noCharset = post(SOAP11, "text/xml", "urn:getRequestStatus", envelope("",
                "<r:GetRequestStatusRequest><r:requestId>\u202Eکد</r:requestId></r:GetRequestStatusRequest>"));
        assertFault(noCharset, 500, "SCHEMA_INVALID");
        assertThat(noCharset.text()).as("read as UTF-8 when no charset is given").contains("\\u202Eکد");
        assertWellFormed(noCharset);
    }

    @Test
    void headers_over_the_limit_are_refused_with_a_soap_fault_not_a_page() throws IOException {
        Answer answer = raw("POST " + SOAP11 + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\n"
                + "X-Big: " + "b".repeat(20_000) + "\r\nContent-Length: 0\r\n\r\n");
        assertThat(answer.status).isEqualTo(431);
        assertThat(Faults.codeIn(answer.text())).as(answer.text()).isEqualTo("REQUEST_TOO_LARGE");
        assertClean(answer);
        Answer longUrl = raw("GET " + SOAP11 + "?" + "u".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(longUrl.status).isIn(414, 431);
        assertClean(longUrl);
    }

    @Test
    void the_pki_files_refuse_other_verbs_without_internals() throws IOException {
        Answer answer = raw("PUT /pki/issuing-ca.cer HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(answer.status).isEqualTo(405);
        assertClean(answer);
        Answer ca = raw("GET /pki/issuing-ca.cer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(ca.status).isEqualTo(200);
        assertThat(ca.headers).doesNotContain("\nserver:");
    }

    @Test
    void a_long_value_is_quoted_as_a_short_excerpt() throws IOException {
        String value = "A".repeat(200_000);
        Answer answer = post(SOAP11, "text/xml", "urn:getRequestStatus", envelope("",
                "<r:GetRequestStatusRequest><r:requestId>" + value + "</r:requestId></r:GetRequestStatusRequest>"));
        assertFault(answer, 500, "SCHEMA_INVALID");
        assertThat(answer.body.length).isLessThan(4096);
    }

    @Test
    void a_body_over_the_limit_is_request_too_large_with_or_without_a_content_length() throws IOException {
        String big = envelope("", "<r:GetRequestStatusRequest><r:requestId>" + "A".repeat(2_000_000)
                + "</r:requestId></r:GetRequestStatusRequest>");
        Answer declared = post(SOAP11, "text/xml", "urn:getRequestStatus", big);
        assertFault(declared, 413, "REQUEST_TOO_LARGE");
        assertThat(declared.body.length).isLessThan(4096);
        StringBuilder chunked = new StringBuilder("POST " + SOAP11 + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: text/xml\r\nSOAPAction: \"urn:getRequestStatus\"\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < big.length(); i += 65536) {
            String part = big.substring(i, Math.min(big.length(), i + 65536));
            chunked.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        assertFault(raw(chunked.toString()), 413, "REQUEST_TOO_LARGE");
    }

    @Test
    void a_date_that_does_not_parse_is_schema_invalid_without_a_class_name() throws IOException {
        Answer answer = post(SOAP11, "text/xml", "urn:submitCertificateRequest", envelope("",
                "<r:SubmitCertificateRequest><r:header><t:clientRequestId xmlns:t=\"http://ra.meganaft.ir/gateway/types/v1\">"
                        + "HR-1</t:clientRequestId></r:header><r:applicant><t:birthDate "
                        + "xmlns:t=\"http://ra.meganaft.ir/gateway/types/v1\">1400-13-45</t:birthDate></r:applicant>"
                        + "</r:SubmitCertificateRequest>"));
        assertThat(answer.status).isEqualTo(500);
        assertThat(Faults.codeIn(answer.text())).isIn("SCHEMA_INVALID");
        assertClean(answer);
    }

    // ------------------------------------------------------------------ helpers

    private static String envelope(String header, String body) {
        return ENVELOPE.formatted(header, body);
    }

    private static void assertFault(Answer answer, int status, String code) {
        assertThat(answer.status).as(answer.text()).isEqualTo(status);
        assertThat(Faults.codeIn(answer.text())).as(answer.text()).isEqualTo(code);
        assertThat(answer.text()).as("fault code").containsPattern("<faultcode>[^<]*(Client|MustUnderstand)</faultcode>|Sender");
        assertClean(answer);
    }

    /** No stack trace, class name, raw control character or Server header in the answer. */
    static void assertClean(Answer answer) {
        String text = answer.text();
        assertThat(answer.headers).as("headers").doesNotContain("\nserver:");
        assertThat(text).as("answer").doesNotContain("at org.", "at java.", "Exception", "Caused by");
        assertThat(CLASS_NAME.matcher(text).find()).as("a class name in " + text).isFalse();
        assertThat(text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')).as("control character").isFalse();
    }

    private static void assertWellFormed(Answer answer) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try {
            factory.newDocumentBuilder().parse(new ByteArrayInputStream(answer.body));
        } catch (org.xml.sax.SAXException e) {
            throw new AssertionError("not well-formed: " + ir.meganaft.ragateway.errors.LogSafe.bounded(
                    new String(answer.body, StandardCharsets.ISO_8859_1), 4000), e);
        }
    }

    private static Answer post(String path, String contentType, String action, String body) throws IOException {
        return post(path, contentType, action, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer post(String path, String contentType, String action, byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " + contentType + "\r\n"
                + "SOAPAction: \"" + action + "\"\r\nContent-Length: " + body.length + "\r\n\r\n";
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
        try (Socket socket = gateway.socket()) {
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
