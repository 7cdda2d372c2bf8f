package ir.meganaft.ragateway.soap;

import ir.meganaft.ragateway.contract.types.CertificateEncoding;
import ir.meganaft.ragateway.contract.types.EncodedCertificate;
import ir.meganaft.ragateway.csr.DistinguishedNames;
import ir.meganaft.ragateway.csr.Fingerprints;
import ir.meganaft.ragateway.csr.Serials;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** X.509 certificates in the contract's EncodedCertificate form. */
final class Certificates {
    private Certificates() {}

    static EncodedCertificate encode(X509Certificate c, CertificateEncoding encoding) {
        try {
            byte[] der = c.getEncoded();
            EncodedCertificate out = new EncodedCertificate();
            out.setSubject(DistinguishedNames.display(c.getSubjectX500Principal()));
            out.setIssuer(DistinguishedNames.display(c.getIssuerX500Principal()));
            out.setSerialNumber(Serials.hex(c.getSerialNumber()));
            out.setNotBefore(c.getNotBefore().toInstant());
            out.setNotAfter(c.getNotAfter().toInstant());
            out.setSha256Fingerprint(Fingerprints.sha256Hex(der));
            if (encoding == CertificateEncoding.PEM) {
                out.setPem(pem(c));
            } else {
                out.setDer(der);
            }
            return out;
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("Unencodable certificate", e);
        }
    }

    static String pem(X509Certificate c) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
