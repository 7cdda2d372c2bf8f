package ir.meganaft.ragateway.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttachmentCounterTest {
    private static final String BOUNDARY = "uuid:7f3c-b0a1";

    @Test
    void counts_the_parts_after_the_envelope_and_not_the_closing_delimiter() {
        AttachmentCounter counter = new AttachmentCounter(BOUNDARY, 3, 1_000_000);
        feed(counter, body(3, 10), 1);
        assertThat(counter.attachments()).isEqualTo(3);
    }

    @Test
    void refuses_one_attachment_more_than_the_limit_with_request_too_large() {
        AttachmentCounter counter = new AttachmentCounter(BOUNDARY, 3, 1_000_000);
        assertThatThrownBy(() -> feed(counter, body(4, 10), 4096)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(FaultCode.REQUEST_TOO_LARGE);
            assertThat(e.getMessage()).contains("more attachments").contains("3");
        });
    }

    @Test
    void finds_a_delimiter_split_across_reads() {
        for (int piece = 1; piece <= 7; piece++) {
            AttachmentCounter counter = new AttachmentCounter(BOUNDARY, 10, 1_000_000);
            feed(counter, body(5, 3), piece);
            assertThat(counter.attachments()).as("read in pieces of " + piece).isEqualTo(5);
        }
    }

    @Test
    void finds_a_delimiter_that_starts_inside_a_near_miss() {
        // "----uuid:7f3c-b0a1": the delimiter begins one byte into a run of dashes
        AttachmentCounter counter = new AttachmentCounter(BOUNDARY, 10, 1_000_000);
        feed(
                counter,
                ("--" + BOUNDARY + "\r\n\r\n<e/>\r\n---" + "-" + BOUNDARY + "\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                1);
        assertThat(counter.attachments()).isEqualTo(1);
    }

    @Test
    void refuses_attachments_whose_bytes_together_pass_the_limit_although_each_is_under_it() {
        AttachmentCounter within = new AttachmentCounter(BOUNDARY, 10, 3 * 200);
        feed(within, body(3, 100), 64);
        assertThat(within.attachmentBytes()).isLessThanOrEqualTo(600);

        AttachmentCounter over = new AttachmentCounter(BOUNDARY, 10, 3 * 200);
        assertThatThrownBy(() -> feed(over, body(3, 250), 64))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.getMessage()).contains("600 bytes together"));
    }

    @Test
    void does_not_count_the_envelope_as_attachment_bytes() {
        AttachmentCounter counter = new AttachmentCounter(BOUNDARY, 10, 100);
        byte[] bigEnvelopeNoAttachments = ("--" + BOUNDARY + "\r\nContent-Type: application/xop+xml\r\n\r\n<e>"
                        + "x".repeat(10_000) + "</e>\r\n--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        feed(counter, bigEnvelopeNoAttachments, 512);
        assertThat(counter.attachments()).isZero();
        assertThat(counter.attachmentBytes()).isZero();
    }

    /** An MTOM body: the envelope part, then {@code attachments} parts of {@code size} bytes each. */
    private static byte[] body(int attachments, int size) {
        StringBuilder b = new StringBuilder("--" + BOUNDARY + "\r\nContent-Type: application/xop+xml\r\n\r\n<e/>\r\n");
        for (int i = 0; i < attachments; i++) {
            b.append("--")
                    .append(BOUNDARY)
                    .append("\r\nContent-ID: <a")
                    .append(i)
                    .append(">\r\n\r\n")
                    .append("-".repeat(size))
                    .append("\r\n");
        }
        b.append("--").append(BOUNDARY).append("--\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void feed(AttachmentCounter counter, byte[] bytes, int piece) {
        for (int at = 0; at < bytes.length; at += piece) {
            counter.accept(bytes, at, Math.min(piece, bytes.length - at));
        }
    }
}
