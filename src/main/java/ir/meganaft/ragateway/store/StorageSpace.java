package ir.meganaft.ragateway.store;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps new requests out while the data directory's disk is nearly full (issue 11): below the
 * configured free space a submission, renewal or revocation is refused with {@code STORAGE_FULL}
 * before anything is stored, rather than failing half way or being acknowledged without its data.
 * The margin also keeps the gateway clear of the broker's own limit, where it would block senders.
 * Crossing the limit is logged once each way, not once per refused request.
 */
public final class StorageSpace {
    private static final Logger LOG = LoggerFactory.getLogger(StorageSpace.class);

    private final Path directory;
    private final long minimumFreeBytes;
    private final AtomicBoolean full = new AtomicBoolean();

    public StorageSpace(Path directory, long minimumFreeBytes) {
        this.directory = directory;
        this.minimumFreeBytes = minimumFreeBytes;
    }

    /** Throws STORAGE_FULL when less than the minimum is free under the data directory. */
    public void requireRoomForNewRequests() {
        long free = usableBytes();
        if (free >= minimumFreeBytes) {
            if (full.compareAndSet(true, false)) {
                LOG.info(
                        "Storage under {} has room again ({} MB free): new requests are accepted",
                        directory,
                        free >> 20);
            }
            return;
        }
        if (full.compareAndSet(false, true)) {
            LOG.warn(
                    "Storage under {} is nearly full ({} MB free, gateway.storage.min-free-mb is {}): new requests are "
                            + "refused with STORAGE_FULL until there is room",
                    directory,
                    free >> 20,
                    minimumFreeBytes >> 20);
        }
        throw full();
    }

    /** The fault a caller gets when its request could not be stored for want of space. */
    public static GatewayException full() {
        return new GatewayException(
                FaultCode.STORAGE_FULL,
                "The gateway's storage is full, so it takes no new requests "
                        + "now; nothing was stored by this call, or, if the disk filled at the last moment, it was stored and a "
                        + "retry returns it. Send it again later with the same clientRequestId.",
                null,
                null);
    }

    private long usableBytes() {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the free space under " + directory + ": " + e.getMessage(), e);
        }
    }
}
