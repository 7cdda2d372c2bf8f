package ir.meganaft.ragateway.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Certificates configured as files (PEM, one or more, or DER): a remote CA's chain, the RAs a CA node trusts. */
public final class CertificateFiles {
    private CertificateFiles() {}

    /** Every certificate in the file, in order; at least one. */
    public static List<X509Certificate> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no certificate");
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("Cannot read certificates from " + file + ": " + e.getMessage(), e);
        }
    }
}
