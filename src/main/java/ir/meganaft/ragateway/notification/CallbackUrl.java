package ir.meganaft.ragateway.notification;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A callback address, or a registered prefix of callback addresses, taken apart the way the HTTP
 * client will use it: http or https, a host, the port (80 or 443 when none is written), and the
 * path as percent-decoded segments. Nothing that could make the address mean something else to the
 * receiving server is accepted: user info ({@code http://allowed.example@evil.com/}), a fragment,
 * dot segments ({@code /callbacks/../admin}, also as {@code %2e%2e} or {@code ..;x}), an encoded
 * slash or backslash inside a segment, a host Java cannot read as a host name or IP literal.
 *
 * <p>An address is under a prefix when scheme, host (any case) and port are the same and the
 * prefix's path segments begin the address's: {@code /callbacks} covers {@code /callbacks} and
 * {@code /callbacks/hr}, never {@code /callbacks-evil}. A trailing slash on a prefix changes nothing.
 */
public final class CallbackUrl {
    private final String text;
    private final String scheme;
    private final String host;
    private final int port;
    private final List<String> segments;
    private final boolean hasQuery;

    private CallbackUrl(String text, String scheme, String host, int port, List<String> segments, boolean hasQuery) {
        this.text = text;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.segments = segments;
        this.hasQuery = hasQuery;
    }

    /** Thrown when a text is not a usable callback address; the message says why, without the text. */
    public static final class Unusable extends Exception {
        Unusable(String why) {
            super(why);
        }
    }

    /**
     * Parses a callback address.
     *
     * @throws Unusable when it is not an absolute http or https URL without user info or fragment
     */
    public static CallbackUrl parse(String text) throws Unusable {
        if (text == null || text.isBlank()) {
            throw new Unusable("it is empty");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new Unusable("it is not a URL");
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw new Unusable("it is not an absolute http or https URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Unusable("only http and https are allowed, not " + scheme);
        }
        if (uri.getRawUserInfo() != null) {
            throw new Unusable("user info (name@ before the host) is not allowed");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Unusable("it has no host name or IP address that can be read");
        }
        if (uri.getRawFragment() != null) {
            throw new Unusable("a fragment (#...) is not allowed");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (port < 1 || port > 65535) {
            throw new Unusable("port " + port + " is out of range");
        }
        return new CallbackUrl(
                uri.toASCIIString(),
                scheme,
                uri.getHost().toLowerCase(Locale.ROOT),
                port,
                segments(uri.getRawPath()),
                uri.getRawQuery() != null);
    }

    /** Parses a registered prefix: a callback address that also has no query. */
    public static CallbackUrl prefix(String text) throws Unusable {
        CallbackUrl url = parse(text);
        if (url.hasQuery) {
            throw new Unusable("a registered prefix cannot have a query (?...)");
        }
        return url.asPrefix();
    }

    /**
     * This address as a prefix: what lies under its path on the same origin (its query, if any,
     * plays no part). A system's default address is registered this way.
     */
    public CallbackUrl asPrefix() {
        List<String> path = segments;
        if (!path.isEmpty() && path.get(path.size() - 1).isEmpty()) {
            path = path.subList(0, path.size() - 1); // "/callbacks/" is the same prefix as "/callbacks"
        }
        return new CallbackUrl(text, scheme, host, port, path, false);
    }

    /** Parses {@code text} as a callback address, or empty when it is not one. */
    public static Optional<CallbackUrl> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (Unusable e) {
            return Optional.empty();
        }
    }

    /** True when this address lies under {@code prefix} (see the class comment). */
    public boolean isUnder(CallbackUrl prefix) {
        return scheme.equals(prefix.scheme)
                && host.equals(prefix.host)
                && port == prefix.port
                && segments.size() >= prefix.segments.size()
                && segments.subList(0, prefix.segments.size()).equals(prefix.segments);
    }

    /** The address as parsed (ASCII, surrounding blanks removed). */
    @Override
    public String toString() {
        return text;
    }

    private static List<String> segments(String rawPath) throws Unusable {
        List<String> out = new ArrayList<>();
        if (rawPath == null || rawPath.isEmpty()) {
            return out;
        }
        String[] raw = rawPath.substring(rawPath.startsWith("/") ? 1 : 0).split("/", -1);
        for (String segment : raw) {
            String decoded = decode(segment);
            if (decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0) {
                throw new Unusable("an encoded slash or backslash in the path is not allowed");
            }
            int parameters = decoded.indexOf(';');
            String name = parameters < 0 ? decoded : decoded.substring(0, parameters);
            if (name.equals(".") || name.equals("..")) {
                throw new Unusable("dot segments (. or ..) in the path are not allowed");
            }
            out.add(decoded);
        }
        return List.copyOf(out);
    }

    private static String decode(String segment) throws Unusable {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        StringBuilder out = new StringBuilder();
        ByteArrayOutputStream pending = new ByteArrayOutputStream(); // a run of %XX: UTF-8 bytes
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                out.append(pending.toString(StandardCharsets.UTF_8)).append(c);
                pending.reset();
                continue;
            }
            int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int low = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                throw new Unusable("the path has a broken percent-encoding");
            }
            pending.write(high * 16 + low);
            i += 2;
        }
        return out.append(pending.toString(StandardCharsets.UTF_8)).toString();
    }
}
