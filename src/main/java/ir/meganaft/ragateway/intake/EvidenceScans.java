package ir.meganaft.ragateway.intake;

import java.util.Optional;

/**
 * Where scanned documents are kept, content-addressed by their SHA-256: the database in the gateway
 * ({@code store/EvidenceScanStore}), so every instance serves every scan; a folder in tests.
 */
public interface EvidenceScans {

    /** Stores the bytes, durably before it returns, and returns their SHA-256 (hex, upper case). */
    String store(byte[] content);

    /** The scan with this SHA-256, if stored. */
    Optional<byte[]> read(String sha256);
}
