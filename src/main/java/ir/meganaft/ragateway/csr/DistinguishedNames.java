package ir.meganaft.ragateway.csr;

import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Distinguished names as people read them: attribute names, not hex, and Persian text as it is. */
public final class DistinguishedNames {
    private DistinguishedNames() {}

    public static String display(X500Principal principal) {
        return display(X500Name.getInstance(principal.getEncoded()));
    }

    public static String display(X500Name name) {
        return BCStyle.INSTANCE.toString(name);
    }
}
