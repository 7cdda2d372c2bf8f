package ir.meganaft.ragateway.csr;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/** Reads a PKCS#10 request from DER bytes or PEM text. */
public final class CsrParser {

    public ParsedCsr parseDer(byte[] der) {
        if (der == null || der.length == 0) {
            throw unparsable("the CSR is empty");
        }
        try {
            PKCS10CertificationRequest request = new PKCS10CertificationRequest(der);
            return withKey(request);
        } catch (IOException | RuntimeException e) {
            throw unparsable("the CSR is not a DER-encoded PKCS#10 request (" + e.getMessage() + ")");
        }
    }

    public ParsedCsr parsePem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw unparsable("the CSR is empty");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object instanceof PKCS10CertificationRequest request) {
                return withKey(request);
            }
            throw unparsable("the PEM text holds no CERTIFICATE REQUEST block");
        } catch (IOException | RuntimeException e) {
            if (e instanceof GatewayException ge) {
                throw ge;
            }
            throw unparsable("the PEM text is not a PKCS#10 request (" + e.getMessage() + ")");
        }
    }

    private static ParsedCsr withKey(PKCS10CertificationRequest request) throws IOException {
        try {
            PublicKey key = new JcaPKCS10CertificationRequest(request).getPublicKey();
            return new ParsedCsr(request, key, request.getEncoded());
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw unparsable("the CSR's public key cannot be decoded (" + e.getMessage() + ")");
        }
    }

    private static GatewayException unparsable(String message) {
        return new GatewayException(FaultCode.CSR_UNPARSABLE, "Unparsable CSR: " + message, "csr", null);
    }
}
