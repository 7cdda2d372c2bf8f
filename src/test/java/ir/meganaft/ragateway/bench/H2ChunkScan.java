package ir.meganaft.ragateway.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * Forensics for bench/h2-crash (issue 11): what an H2 file left by a {@code kill -9} holds, and what
 * H2's recovery makes of it. Prints the store header (the chunk it names), every complete chunk
 * (header and checksummed footer agree) from that one on in version order, each with whether it
 * sits where the chunk before it predicted ({@code next}: the chain recovery follows), then the
 * chunk H2 opens as the last one (a read-only open: the file is not changed).
 *
 * <p>{@code java -cp ... ir.meganaft.ragateway.bench.H2ChunkScan target/h2-crash/round-N.mv.db}.
 * Reads H2 2.5.252's file format and one package-private method of it by reflection: a tool for
 * that version, not a test.
 */
public final class H2ChunkScan {
    private static final int BLOCK = 4096;

    private H2ChunkScan() {}

    private record Chunk(long id, long version, long block, long len, long next) {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Method checksummed = DataUtils.class.getDeclaredMethod("parseChecksummedMap", byte[].class);
        checksummed.setAccessible(true);
        List<Chunk> chunks = new ArrayList<>();
        Map<?, ?> header;
        long blocks;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            blocks = channel.size() / BLOCK;
            header = (Map<?, ?>) checksummed.invoke(null, (Object) read(channel, 0, BLOCK));
            for (long block = 2; block < blocks; block++) {
                byte[] head = read(channel, block * BLOCK, 1024);
                int end = 0;
                while (end < head.length && head[end] != '\n') {
                    end++;
                }
                if (!new String(head, 0, 6, StandardCharsets.ISO_8859_1).equals("chunk:") || end == head.length) {
                    continue;
                }
                Map<String, String> h;
                try {
                    h = DataUtils.parseMap(new String(head, 0, end, StandardCharsets.ISO_8859_1).trim());
                } catch (RuntimeException notAHeader) {
                    continue;
                }
                long len = hex(h, "len");
                if (len <= 0 || block + len > blocks) {
                    continue;
                }
                Map<?, ?> footer =
                        (Map<?, ?>) checksummed.invoke(null, (Object) read(channel, (block + len) * BLOCK - 128, 128));
                if (footer != null
                        && h.get("chunk").equals(footer.get("chunk"))
                        && h.get("version").equals(footer.get("version"))) {
                    chunks.add(new Chunk(hex(h, "chunk"), hex(h, "version"), block, len, hex(h, "next")));
                }
            }
        }
        System.out.printf(
                "%s: %d blocks, %d complete chunks; the store header names chunk %s at block %d%n",
                file,
                blocks,
                chunks.size(),
                header == null ? "?" : header.get("chunk"),
                header == null ? -1 : Long.parseLong(String.valueOf(header.get("block")), 16));
        long named = header == null ? 0 : Long.parseLong(String.valueOf(header.get("chunk")), 16);
        chunks.sort(Comparator.comparingLong(Chunk::version));
        Chunk previous = null;
        for (Chunk c : chunks) {
            if (c.id() < named) {
                continue;
            }
            System.out.printf(
                    "  chunk %x version %d at block %d (%d blocks)%s%s%n",
                    c.id(),
                    c.version(),
                    c.block(),
                    c.len(),
                    previous == null
                            ? "  <- named by the header"
                            : previous.next() == c.block()
                                    ? "  where the chunk before predicted"
                                    : "  NOT where the chunk before predicted (" + previous.next() + ")",
                    c.block() + c.len() >= blocks ? ", at the end of the file" : "");
            previous = c;
        }
        try (MVStore store =
                new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            Field last = FileStore.class.getDeclaredField("lastChunk");
            last.setAccessible(true);
            System.out.println(
                    "H2 opens version " + store.getCurrentVersion() + ", last chunk " + last.get(store.getFileStore()));
        }
    }

    private static byte[] read(FileChannel channel, long position, int length) throws java.io.IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.read(buffer, position);
        return Arrays.copyOf(buffer.array(), length);
    }

    private static long hex(Map<String, String> map, String key) {
        String value = map.get(key);
        return value == null ? 0 : Long.parseLong(value, 16);
    }
}
