package ir.meganaft.ragateway.csr;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.identity.PersianText;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The automatic checks every CSR must pass, the one home of the CSR policy: its size (the
 * {@link #parser()}), its key (type, size, exponent, named curve), proof of possession, and a
 * subject that agrees with the applicant. The cheap checks come first: nothing verifies the
 * signature of a CSR whose key is refused. Each throws a {@link GatewayException} naming what failed.
 */
public final class CsrChecks {
    private static final Set<ASN1ObjectIdentifier> WEAK_SIGNATURES = Set.of(
            PKCSObjectIdentifiers.md2WithRSAEncryption,
            PKCSObjectIdentifiers.md5WithRSAEncryption,
            PKCSObjectIdentifiers.sha1WithRSAEncryption,
            OIWObjectIdentifiers.sha1WithRSA,
            X9ObjectIdentifiers.ecdsa_with_SHA1,
            X9ObjectIdentifiers.id_dsa_with_sha1);
    /**
     * CSR signatures are verified with Bouncy Castle's provider, not the JDK default: Java 17's SunEC
     * verifies ECDSA several times slower, and a JFR profile of the benchmark (issue 7) showed SunEC's
     * P-256 arithmetic here as the largest single cost of intake (22% of all samples).
     */
    private static final java.security.Provider VERIFY_PROVIDER =
            new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private static final ASN1ObjectIdentifier ORGANIZATION_IDENTIFIER = new ASN1ObjectIdentifier("2.5.4.97");

    /** The smallest public exponent accepted (FIPS 186-4, B.3.1: 2^16 < e < 2^256, odd). */
    static final BigInteger MINIMUM_RSA_EXPONENT = BigInteger.valueOf(65537);
    /** Exponents must stay under 2^256: a huge one makes each signature check cost seconds. */
    static final int RSA_EXPONENT_BITS_BELOW = 256;
    /** RFC 5480 names the curve by OID; the center accepts these three. */
    private static final java.util.Map<ASN1ObjectIdentifier, String> CURVES = java.util.Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384",
            SECObjectIdentifiers.secp521r1, "P-521");

    private final int minimumRsaBits;
    private final int maximumRsaBits;
    private final CsrParser parser;

    /**
     * @param minimumRsaBits the smallest RSA modulus accepted (never under 2048)
     * @param maximumRsaBits the largest RSA modulus accepted (at most 16384, the JDK's own limit)
     * @param maximumCsrBytes the largest CSR accepted, in DER bytes, refused before it is parsed
     */
    public CsrChecks(int minimumRsaBits, int maximumRsaBits, int maximumCsrBytes) {
        if (minimumRsaBits < 2048) {
            throw new IllegalArgumentException("RSA keys under 2048 bits are never acceptable, got " + minimumRsaBits);
        }
        if (maximumRsaBits < minimumRsaBits || maximumRsaBits > 16384) {
            throw new IllegalArgumentException("The largest RSA key must lie between the smallest (" + minimumRsaBits
                    + ") and 16384 bits, got " + maximumRsaBits);
        }
        this.minimumRsaBits = minimumRsaBits;
        this.maximumRsaBits = maximumRsaBits;
        this.parser = new CsrParser(maximumCsrBytes);
    }

    /** The parser with this policy's size limit: every CSR a caller sends is read through it. */
    public CsrParser parser() {
        return parser;
    }

    /**
     * Proof of possession, after the key: {@link #checkKey} first (cheap, from the key's encoding),
     * so an outsized or malformed key is refused before any signature arithmetic is spent on it.
     */
    public void checkKeyAndSignature(ParsedCsr csr) {
        checkKey(csr);
        verifySignature(csr);
    }

    /** The CSR is signed by the key it carries, with a hash that is not broken. Call only after {@link #checkKey}. */
    private void verifySignature(ParsedCsr csr) {
        AlgorithmIdentifier algorithm = csr.request().getSignatureAlgorithm();
        if (WEAK_SIGNATURES.contains(algorithm.getAlgorithm())) {
            throw new GatewayException(
                    FaultCode.CSR_SIGNATURE_INVALID,
                    "The CSR is signed with a broken hash ("
                            + algorithm.getAlgorithm().getId() + "); sign it with SHA-256 or stronger",
                    "csr",
                    null);
        }
        boolean valid;
        try {
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder()
                    .setProvider(VERIFY_PROVIDER)
                    .build(csr.publicKey());
            valid = csr.request().isSignatureValid(verifier);
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new GatewayException(
                    FaultCode.CSR_SIGNATURE_INVALID,
                    "The CSR's signature does not verify with the public key it carries: it was altered or"
                            + " not signed by the private key",
                    "csr",
                    null);
        }
    }

    /**
     * RSA (rsaEncryption) of the configured sizes, a multiple of 8, with an odd exponent in
     * [65537, 2^256); or EC (id-ecPublicKey) on a named curve P-256/384/521 (explicit or implicit
     * curve parameters are refused, RFC 5480 section 2.1.1). Read from the key's encoding before it
     * is decoded, so nothing expensive is done with a key that is refused; then the key must decode.
     */
    public void checkKey(ParsedCsr csr) {
        SubjectPublicKeyInfo info = csr.publicKeyInfo();
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            checkRsa(info);
        } else if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            checkEc(info);
        } else {
            throw weak("key type " + algorithm.getId() + " is not accepted; use RSA (" + minimumRsaBits + " to "
                    + maximumRsaBits + " bits) or ECDSA P-256/P-384/P-521");
        }
        PublicKey key = csr.publicKey(); // CSR_UNPARSABLE if it does not decode
        if (key instanceof ECPublicKey ec && NamedCurves.nameOf(ec) == null) {
            throw weak("EC key on an unsupported curve; use P-256, P-384 or P-521");
        }
    }

    private void checkRsa(SubjectPublicKeyInfo info) {
        RSAPublicKey rsa;
        try {
            rsa = RSAPublicKey.getInstance(info.parsePublicKey());
        } catch (java.io.IOException | RuntimeException e) {
            throw new GatewayException(
                    FaultCode.CSR_UNPARSABLE,
                    "Unparsable CSR: the RSA public key is not encoded as RFC 8017 says",
                    "csr",
                    null);
        }
        BigInteger modulus = rsa.getModulus();
        int bits = modulus.bitLength();
        if (modulus.signum() <= 0 || bits < minimumRsaBits || bits > maximumRsaBits || bits % 8 != 0) {
            throw weak("RSA key of " + bits + " bits; " + minimumRsaBits + " to " + maximumRsaBits
                    + " bits (a multiple of 8) are accepted");
        }
        BigInteger e = rsa.getPublicExponent();
        if (!e.testBit(0) || e.compareTo(MINIMUM_RSA_EXPONENT) < 0 || e.bitLength() > RSA_EXPONENT_BITS_BELOW) {
            throw weak("RSA public exponent " + (e.bitLength() > 64 ? "of " + e.bitLength() + " bits" : e)
                    + " is not accepted; it must be odd, at least 65537 and under 2^256 (use 65537)");
        }
    }

    private static void checkEc(SubjectPublicKeyInfo info) {
        ASN1Encodable parameters = info.getAlgorithm().getParameters();
        if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
            throw weak("EC key with "
                    + (parameters == null || parameters instanceof ASN1Null ? "no (implicit)" : "explicit")
                    + " curve parameters; RFC 5480 allows only a named curve: use P-256, P-384 or P-521");
        }
        if (!CURVES.containsKey(curve)) {
            throw weak("EC key on curve " + curve.getId() + "; use P-256, P-384 or P-521");
        }
    }

    /**
     * A CSR subject may be minimal, but what it says must be true: it needs a common name that is
     * one of the applicant's names, and any serialNumber, organizationIdentifier or e-mail
     * attribute must be the applicant's. The certificate's subject is built from vetted data anyway.
     */
    public void checkSubject(ParsedCsr csr, ExpectedSubject expected) {
        boolean hasCommonName = false;
        for (RDN rdn : csr.subject().getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                ASN1ObjectIdentifier type = atv.getType();
                String value = IETFUtils.valueToString(atv.getValue());
                if (type.equals(BCStyle.CN)) {
                    hasCommonName = true;
                    requireOneOf(value, expected.names(), "common name (CN)");
                } else if (type.equals(BCStyle.SERIALNUMBER) || type.equals(ORGANIZATION_IDENTIFIER)) {
                    requireOneOf(
                            value,
                            expected.identifiers(),
                            "identifier (" + BCStyle.INSTANCE.oidToDisplayName(type) + ")");
                } else if (type.equals(BCStyle.EmailAddress)) {
                    if (!value.trim().equalsIgnoreCase(expected.email())) {
                        throw mismatch("e-mail " + value + " is not the applicant's (" + expected.email() + ")");
                    }
                }
            }
        }
        if (!hasCommonName) {
            throw mismatch("it has no common name (CN); put the applicant's name in it");
        }
    }

    private static void requireOneOf(String value, java.util.List<String> accepted, String what) {
        String candidate = PersianText.comparable(value);
        for (String a : accepted) {
            if (a != null && PersianText.comparable(a).equals(candidate)) {
                return;
            }
        }
        throw mismatch(what + " '" + value + "' does not match the applicant (expected one of " + accepted + ")");
    }

    private static GatewayException weak(String message) {
        return new GatewayException(FaultCode.WEAK_KEY, "Weak or unsupported key: " + message, "csr", null);
    }

    private static GatewayException mismatch(String message) {
        return new GatewayException(
                FaultCode.CSR_SUBJECT_MISMATCH,
                "The CSR's subject disagrees with the applicant: " + message,
                "csr",
                null);
    }
}
