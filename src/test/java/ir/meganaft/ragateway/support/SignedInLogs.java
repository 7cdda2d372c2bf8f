package ir.meganaft.ragateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway's logs say the CA signed, per request: the serials IssuanceService logs
 * ({@code Issued certificate <serial> for request <id>}) and those the CA logs right after each
 * signature ({@code CA signed certificate <serial> for transaction <request id>}), from every run.
 * A certificate that was signed and then forgotten (a crash) still shows here.
 */
public final class SignedInLogs {
    private static final Pattern ISSUED =
            Pattern.compile("Issued certificate ([0-9A-Fa-f]+) for request ([0-9A-Za-z-]+)");
    private static final Pattern CA_SIGNED =
            Pattern.compile("CA signed certificate ([0-9A-Fa-f:]+) for transaction ([0-9A-Za-z-]+)");

    private SignedInLogs() {}

    /** Request id to the serials signed for it. */
    public static Map<String, Set<BigInteger>> read(Collection<Path> logs) {
        Map<String, Set<BigInteger>> signed = new TreeMap<>();
        for (Path log : logs) {
            try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
                lines.forEach(line -> {
                    for (Pattern pattern : new Pattern[] {ISSUED, CA_SIGNED}) {
                        Matcher m = pattern.matcher(line);
                        if (m.find()) {
                            signed.computeIfAbsent(m.group(2), id -> new TreeSet<>())
                                    .add(new BigInteger(m.group(1).replace(":", ""), 16));
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return signed;
    }
}
