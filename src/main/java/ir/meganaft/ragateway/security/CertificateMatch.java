package ir.meganaft.ragateway.security;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * How configuration names a principal's client certificate, one of:
 * <ul>
 * <li>{@code sha256:<hex>}: the certificate's SHA-256 fingerprint (colons and case ignored); the
 * tightest mapping, one certificate only;</li>
 * <li>{@code subject:<DN>}: its subject distinguished name (RFC 4514, compared as X.500 names, so
 * spacing and attribute-name case do not matter); survives renewal;</li>
 * <li>{@code san:email:<address>}, {@code san:dns:<name>}, {@code san:uri:<uri>}: a subject
 * alternative name value.</li>
 * </ul>
 * A subject or SAN mapping trusts whatever certificate a trust anchor issues with that name, so
 * keep such names out of reach of ordinary applicants (a distinct OU, or a dedicated anchor).
 */
public sealed interface CertificateMatch {

    boolean matches(X509Certificate certificate);

    /** How specific the mapping is: a fingerprint beats a subject, which beats a SAN value. */
    int precedence();

    /** The subject DN a development certificate is issued for, when this mapping names one. */
    default X500Principal developmentSubject() {
        return null;
    }

    static CertificateMatch parse(String text) {
        String value = text == null ? "" : text.strip();
        int colon = value.indexOf(':');
        String kind = colon < 0 ? "" : value.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : value.substring(colon + 1).strip();
        try {
            switch (kind) {
                case "sha256":
                    String hex = rest.replace(":", "").toLowerCase(Locale.ROOT);
                    if (!hex.matches("[0-9a-f]{64}")) {
                        throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hexadecimal digits");
                    }
                    return new Fingerprint(hex);
                case "subject":
                    return new Subject(new X500Principal(rest));
                case "san":
                    int second = rest.indexOf(':');
                    String type = second < 0 ? "" : rest.substring(0, second).toLowerCase(Locale.ROOT);
                    int tag = switch (type) {
                        case "email" -> 1;
                        case "dns" -> 2;
                        case "uri" -> 6;
                        default ->
                            throw new IllegalArgumentException("a SAN mapping is san:email:, san:dns: or san:uri:");
                    };
                    String san = rest.substring(second + 1).strip();
                    if (san.isEmpty()) {
                        throw new IllegalArgumentException("the SAN value is empty");
                    }
                    return new AlternativeName(tag, san);
                default:
                    throw new IllegalArgumentException("expected sha256:, subject: or san:");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Certificate mapping '" + value + "': " + e.getMessage(), e);
        }
    }

    /** The certificate's SHA-256 fingerprint, lower-case hex without separators. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Fingerprint(String hex) implements CertificateMatch {
        @Override
        public boolean matches(X509Certificate certificate) {
            return hex.equals(fingerprint(certificate));
        }

        @Override
        public int precedence() {
            return 0;
        }
    }

    record Subject(X500Principal subject) implements CertificateMatch {
        @Override
        public boolean matches(X509Certificate certificate) {
            return subject.equals(certificate.getSubjectX500Principal());
        }

        @Override
        public int precedence() {
            return 1;
        }

        @Override
        public X500Principal developmentSubject() {
            return subject;
        }
    }

    record AlternativeName(int tag, String value) implements CertificateMatch {
        @Override
        public boolean matches(X509Certificate certificate) {
            try {
                Collection<List<?>> names = certificate.getSubjectAlternativeNames();
                if (names == null) {
                    return false;
                }
                for (List<?> name : names) {
                    if (name.size() >= 2
                            && ((Integer) name.get(0)) == tag
                            && name.get(1) instanceof String s
                            && (tag == 6 ? s.equals(value) : s.equalsIgnoreCase(value))) {
                        return true;
                    }
                }
                return false;
            } catch (CertificateParsingException e) {
                return false;
            }
        }

        @Override
        public int precedence() {
            return 2;
        }
    }
}
