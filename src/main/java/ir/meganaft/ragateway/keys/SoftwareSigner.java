package ir.meganaft.ragateway.keys;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A key held in this process's memory (loaded from a PKCS#12 keystore). */
public final class SoftwareSigner implements Signer {
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final String algorithm;
    private final String provider;

    public SoftwareSigner(PrivateKey privateKey, List<X509Certificate> chain) {
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
        this.algorithm = SignatureAlgorithms.forKey(chain.get(0).getPublicKey());
        this.provider = SignatureAlgorithms.preferredProvider(privateKey);
    }

    @Override
    public ContentSigner newContentSigner() {
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(provider).build(privateKey);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot sign with " + algorithm + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<X509Certificate> chain() {
        return chain;
    }
}
