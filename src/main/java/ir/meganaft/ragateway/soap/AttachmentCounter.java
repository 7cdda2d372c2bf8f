package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.nio.charset.StandardCharsets;

/**
 * Counts the MIME parts of a multipart/related (MTOM) body as its bytes go by, and refuses it once it
 * carries more attachments than {@code gateway.http.max-attachments} or more attachment bytes than
 * {@code gateway.http.max-attachment-bytes} (issue 13). Fed from the raw body under CXF, so a part
 * is counted before CXF reads its headers.
 * <p>
 * The parts are what CXF's {@code AttachmentDeserializer} sees: every occurrence of
 * {@code "--" + boundary} starts a part unless {@code "--"} follows it (the closing delimiter); the
 * first part is the SOAP envelope, every later one an attachment. An attachment's bytes are counted
 * from its delimiter on, its part headers included.
 */
final class AttachmentCounter {
    private final byte[] delimiter;
    private final int[] fallback;
    private final int maxAttachments;
    private final long maxAttachmentBytes;
    private int matched;
    /** 0: not just after a delimiter; 1: just after one; 2: after a delimiter and one '-'. */
    private int afterDelimiter;

    private boolean closed;
    private int parts;
    private long attachmentBytes;

    AttachmentCounter(String boundary, int maxAttachments, long maxAttachmentBytes) {
        this.delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.fallback = fallbackTable(delimiter);
        this.maxAttachments = maxAttachments;
        this.maxAttachmentBytes = maxAttachmentBytes;
    }

    /** Takes the next bytes of the body; throws REQUEST_TOO_LARGE once a limit is passed. */
    void accept(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i]);
        }
    }

    void accept(byte b) {
        if (parts > 1) {
            countAttachmentBytes(1);
        }
        if (afterDelimiter == 1) {
            if (b == '-') {
                afterDelimiter = 2;
            } else {
                startPart(1);
            }
        } else if (afterDelimiter == 2) {
            if (b == '-') {
                closed = true;
                afterDelimiter = 0;
            } else {
                startPart(2);
            }
        }
        while (matched > 0 && delimiter[matched] != b) {
            matched = fallback[matched - 1];
        }
        if (delimiter[matched] == b) {
            matched++;
        }
        if (matched == delimiter.length) {
            matched = fallback[matched - 1];
            if (!closed) {
                afterDelimiter = 1;
            }
        }
    }

    /** A part starts: {@code sinceDelimiter} bytes after its delimiter have been read. */
    private void startPart(int sinceDelimiter) {
        afterDelimiter = 0;
        parts++;
        if (parts - 1 > maxAttachments) {
            throw new GatewayException(
                    FaultCode.REQUEST_TOO_LARGE,
                    "The request carries more attachments than the gateway " + "accepts (" + maxAttachments + ")");
        }
        if (parts == 2) {
            // the first attachment: its delimiter and what followed it were read before it was known to be one;
            // later attachments' delimiters are counted as they pass
            countAttachmentBytes(delimiter.length + sinceDelimiter);
        }
    }

    private void countAttachmentBytes(long n) {
        attachmentBytes += n;
        if (attachmentBytes > maxAttachmentBytes) {
            throw new GatewayException(
                    FaultCode.REQUEST_TOO_LARGE,
                    "The attachments are larger than the gateway accepts (" + maxAttachmentBytes + " bytes together)");
        }
    }

    /** The attachments seen so far (parts after the envelope). */
    int attachments() {
        return Math.max(0, parts - 1);
    }

    long attachmentBytes() {
        return attachmentBytes;
    }

    /** Knuth-Morris-Pratt: for each prefix length, the longest proper prefix that is also its suffix. */
    private static int[] fallbackTable(byte[] pattern) {
        int[] table = new int[pattern.length];
        int k = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (k > 0 && pattern[k] != pattern[i]) {
                k = table[k - 1];
            }
            if (pattern[k] == pattern[i]) {
                k++;
            }
            table[i] = k;
        }
        return table;
    }
}
