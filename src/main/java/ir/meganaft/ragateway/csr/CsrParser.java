package ir.meganaft.ragateway.csr;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.io.IOException;
import java.io.StringReader;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads a PKCS#10 request from DER bytes or PEM text. A CSR larger than the limit is refused
 * before any of it is parsed; nothing here decodes the public key or checks the signature (that
 * is {@link CsrChecks}, key first).
 */
public final class CsrParser {
    /** The largest DER CSR the contract admits (ra-types.xsd, Csr/der): the limit for CSRs already stored. */
    public static final int CONTRACT_MAXIMUM_BYTES = 16384;

    private final int maximumBytes;

    /** A parser for CSRs already vetted and stored: the contract's limit. */
    public CsrParser() {
        this(CONTRACT_MAXIMUM_BYTES);
    }

    public CsrParser(int maximumBytes) {
        if (maximumBytes < 1024) {
            throw new IllegalArgumentException(
                    "A CSR limit under 1024 bytes refuses ordinary CSRs, got " + maximumBytes);
        }
        this.maximumBytes = maximumBytes;
    }

    public ParsedCsr parseDer(byte[] der) {
        if (der == null || der.length == 0) {
            throw unparsable("the CSR is empty");
        }
        if (der.length > maximumBytes) {
            throw tooLarge(der.length + " bytes");
        }
        try {
            PKCS10CertificationRequest request = new PKCS10CertificationRequest(der);
            return new ParsedCsr(request, request.getEncoded());
        } catch (IOException | RuntimeException e) {
            throw unparsable("the CSR is not a DER-encoded PKCS#10 request (" + e.getMessage() + ")");
        }
    }

    public ParsedCsr parsePem(String pem) {
        if (pem == null || pem.isBlank()) {
            throw unparsable("the CSR is empty");
        }
        // base64 is 4/3 of the DER plus line breaks and armour: twice the limit bounds any honest PEM
        if (pem.length() > 2L * maximumBytes) {
            throw tooLarge(pem.length() + " characters of PEM");
        }
        PemObject block;
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            block = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw unparsable("the PEM text is not a PKCS#10 request (" + e.getMessage() + ")");
        }
        if (block == null
                || !(block.getType().equals("CERTIFICATE REQUEST")
                        || block.getType().equals("NEW CERTIFICATE REQUEST"))) {
            throw unparsable("the PEM text holds no CERTIFICATE REQUEST block");
        }
        return parseDer(block.getContent());
    }

    private GatewayException tooLarge(String size) {
        return unparsable("the CSR is " + size + "; at most " + maximumBytes + " bytes (DER) are accepted"
                + " (gateway.csr.maximum-bytes)");
    }

    private static GatewayException unparsable(String message) {
        return new GatewayException(FaultCode.CSR_UNPARSABLE, "Unparsable CSR: " + message, "csr", null);
    }
}
