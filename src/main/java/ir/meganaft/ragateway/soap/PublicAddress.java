package ir.meganaft.ragateway.soap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where callers reach the SOAP endpoints: the scheme, host and port (setting
 * {@code gateway.http.public-url}) that every served WSDL advertises, each port's path added to it.
 * Blank means the address the gateway listens on. It is never taken from a request (its
 * {@code Host} header), so a forged header or a poisoned cache cannot send callers elsewhere.
 *
 * <p>Only an origin is accepted, no path: CXF gives the other ports of a WSDL this origin with the
 * path the WSDL names for them ({@code autoRewriteSoapAddressForAllServices}), which are the paths
 * the gateway serves them at. A reverse proxy that adds a path prefix would need more than that.
 */
public final class PublicAddress {
    /** The setting that names it. */
    public static final String SETTING = "gateway.http.public-url";

    private PublicAddress() {}

    /**
     * The public origin, e.g. {@code https://ra.meganaft.ir} or {@code http://127.0.0.1:8080},
     * without a trailing slash.
     *
     * @param configured the setting; blank for {@code listening}
     * @param listening the origin the gateway listens on, e.g. {@code http://127.0.0.1:8080}
     * @throws IllegalArgumentException when the setting is not an http(s) origin
     */
    public static String origin(String configured, String listening) {
        if (configured == null || configured.isBlank()) {
            return listening;
        }
        String value = configured.strip();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw refused(value, "it is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(value, "the scheme must be http or https");
        }
        if (uri.getHost() == null) {
            throw refused(value, "it names no host");
        }
        if (uri.getRawUserInfo() != null) {
            // named without the credentials, which do not belong in a log either
            throw refused(
                    value.replace(uri.getRawUserInfo() + "@", "***@"), "it must not carry a user name or password");
        }
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw refused(value, "it must not have a path (each endpoint's path, /ra/..., is added to it)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw refused(value, "it must not have a query or fragment");
        }
        return scheme + "://" + uri.getRawAuthority();
    }

    private static IllegalArgumentException refused(String value, String why) {
        return new IllegalArgumentException(SETTING + " must be scheme://host[:port], e.g. https://ra.example.ir; '"
                + value + "' is refused: " + why);
    }
}
