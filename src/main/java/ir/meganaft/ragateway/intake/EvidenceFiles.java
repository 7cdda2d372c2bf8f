package ir.meganaft.ragateway.intake;

import ir.meganaft.ragateway.csr.Fingerprints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Scanned documents in a folder, stored content-addressed: {@code <dir>/<first two hex digits>/<sha256>}.
 * The same scan sent twice is stored once; nothing here is ever deleted by the normal flow. A scan
 * is on disk (file and directory entry synced) before {@link #store} returns, so the request that
 * names it is never acknowledged without it. The gateway keeps scans in the database
 * ({@code store/EvidenceScanStore}) and reads this folder only for scans stored there before it did.
 */
public final class EvidenceFiles implements EvidenceScans {
    private final Path directory;

    public EvidenceFiles(Path directory) {
        this.directory = directory;
    }

    @Override
    public String store(byte[] content) {
        String sha256 = Fingerprints.sha256Hex(content);
        Path target = directory.resolve(sha256.substring(0, 2)).resolve(sha256);
        if (Files.exists(target)) {
            return sha256;
        }
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), sha256, ".part");
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(temporary);
            }
            syncDirectory(target.getParent());
            return sha256;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store evidence file " + sha256, e);
        }
    }

    /** Makes a new directory entry durable (Linux: fsync on the directory opened for reading). */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public Optional<byte[]> read(String sha256) {
        Path file = directory.resolve(sha256.substring(0, 2)).resolve(sha256);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read evidence file " + sha256, e);
        }
    }
}
