package ir.meganaft.ragateway.tracking;

import java.security.cert.X509Certificate;
import java.util.List;

/** An issued certificate and its CA chain (issuing CA first, root last). */
public record CertificateWithChain(String requestId, X509Certificate certificate, List<X509Certificate> chain) {}
