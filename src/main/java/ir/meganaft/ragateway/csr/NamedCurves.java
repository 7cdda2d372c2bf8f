package ir.meganaft.ragateway.csr;

import java.security.AlgorithmParameters;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** The NIST curves the center accepts, recognized by their domain parameters. */
public final class NamedCurves {
    private static final Map<String, ECParameterSpec> ACCEPTED = new LinkedHashMap<>();

    static {
        for (String[] names : new String[][] {{"P-256", "secp256r1"}, {"P-384", "secp384r1"}, {"P-521", "secp521r1"}}) {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec(names[1]));
                ACCEPTED.put(names[0], parameters.getParameterSpec(ECParameterSpec.class));
            } catch (java.security.GeneralSecurityException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private NamedCurves() {}

    /** "P-256", "P-384" or "P-521", or null for any other curve. */
    public static String nameOf(ECKey key) {
        ECParameterSpec spec = key.getParams();
        for (Map.Entry<String, ECParameterSpec> entry : ACCEPTED.entrySet()) {
            ECParameterSpec known = entry.getValue();
            if (known.getCurve().equals(spec.getCurve())
                    && known.getGenerator().equals(spec.getGenerator())
                    && known.getOrder().equals(spec.getOrder())) {
                return entry.getKey();
            }
        }
        return null;
    }
}
