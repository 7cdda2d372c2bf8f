package ir.meganaft.ragateway.csr;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.identity.PersianText;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The automatic checks every CSR must pass: proof of possession, key strength, and a subject
 * that agrees with the applicant. Each throws a {@link GatewayException} naming what failed.
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
    private static final java.security.Provider VERIFY_PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    private static final ASN1ObjectIdentifier ORGANIZATION_IDENTIFIER = new ASN1ObjectIdentifier("2.5.4.97");

    private final int minimumRsaBits;

    public CsrChecks(int minimumRsaBits) {
        if (minimumRsaBits < 2048) {
            throw new IllegalArgumentException("RSA keys under 2048 bits are never acceptable, got " + minimumRsaBits);
        }
        this.minimumRsaBits = minimumRsaBits;
    }

    /** The CSR is signed by the key it carries, with a hash that is not broken. */
    public void verifySignature(ParsedCsr csr) {
        AlgorithmIdentifier algorithm = csr.request().getSignatureAlgorithm();
        if (WEAK_SIGNATURES.contains(algorithm.getAlgorithm())) {
            throw new GatewayException(FaultCode.CSR_SIGNATURE_INVALID,
                    "The CSR is signed with a broken hash (" + algorithm.getAlgorithm().getId()
                            + "); sign it with SHA-256 or stronger", "csr", null);
        }
        boolean valid;
        try {
            ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().setProvider(VERIFY_PROVIDER).build(csr.publicKey());
            valid = csr.request().isSignatureValid(verifier);
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new GatewayException(FaultCode.CSR_SIGNATURE_INVALID,
                    "The CSR's signature does not verify with the public key it carries: it was altered or"
                            + " not signed by the private key", "csr", null);
        }
    }

    /** RSA of at least the configured size (a multiple of 8, odd exponent >= 65537) or EC P-256/384/521. */
    public void checkKey(ParsedCsr csr) {
        PublicKey key = csr.publicKey();
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < minimumRsaBits || bits % 8 != 0) {
                throw weak("RSA key of " + bits + " bits; at least " + minimumRsaBits
                        + " bits (a multiple of 8) are required");
            }
            BigInteger e = rsa.getPublicExponent();
            if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(65537)) < 0) {
                throw weak("RSA public exponent " + e + " is not accepted; use 65537");
            }
            return;
        }
        if (key instanceof ECPublicKey ec) {
            String curve = NamedCurves.nameOf(ec);
            if (curve == null) {
                throw weak("EC key on an unsupported curve; use P-256, P-384 or P-521");
            }
            return;
        }
        throw weak("key type " + key.getAlgorithm() + " is not accepted; use RSA (>= " + minimumRsaBits
                + " bits) or ECDSA P-256/P-384/P-521");
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
                    requireOneOf(value, expected.identifiers(), "identifier (" + BCStyle.INSTANCE.oidToDisplayName(type) + ")");
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
        return new GatewayException(FaultCode.CSR_SUBJECT_MISMATCH,
                "The CSR's subject disagrees with the applicant: " + message, "csr", null);
    }
}
