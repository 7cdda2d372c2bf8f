package ir.meganaft.ragateway.idempotency;

import ir.meganaft.ragateway.csr.Fingerprints;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A digest of what a caller asked for, so that a retry can be told from a different request under
 * the same clientRequestId. Its input is defined field by field, never by a record's toString, so
 * that adding a field to a model does not turn yesterday's retries into conflicts: each field is
 * written as its text's length, a colon, the text and a semicolon (null as the empty text), and
 * the raw bytes of an optional tail (the CSR) follow. The value is the SHA-256 of that, in
 * upper-case hex.
 *
 * <p>A content hash may also accept the value an earlier version of the gateway stored for the
 * same content ({@link #orAsStoredBefore}), so that a retry of a request stored before an upgrade
 * is still recognized.
 */
public final class ContentHash {
    private final String value;
    private final Set<String> earlierValues;

    private ContentHash(String value, Set<String> earlierValues) {
        this.value = value;
        this.earlierValues = earlierValues;
    }

    /** The hash of {@code fields}, in order, then the bytes of {@code tail} (may be null or empty). */
    public static ContentHash of(List<?> fields, byte[] tail) {
        StringBuilder canonical = new StringBuilder();
        for (Object field : fields) {
            String text = field == null ? "" : field.toString();
            canonical.append(text.length()).append(':').append(text).append(';');
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(canonical.toString().getBytes(StandardCharsets.UTF_8));
        if (tail != null) {
            all.writeBytes(tail);
        }
        return new ContentHash(Fingerprints.sha256Hex(all.toByteArray()), Set.of());
    }

    /** This hash, also matching {@code earlierValue}: what an earlier version stored for the same content. */
    public ContentHash orAsStoredBefore(String earlierValue) {
        return new ContentHash(value, Set.of(earlierValue));
    }

    /** The value to store with a new request. */
    public String value() {
        return value;
    }

    /** True when {@code stored} is the hash of this content, as this or an earlier version wrote it. */
    public boolean matches(String stored) {
        return stored != null && (value.equals(stored) || earlierValues.contains(stored));
    }

    @Override
    public String toString() {
        return value;
    }
}
