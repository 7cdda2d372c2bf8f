package ir.meganaft.ragateway.wiring;

import ir.meganaft.ragateway.keys.HsmHealth;
import ir.meganaft.ragateway.keys.KeySettings;
import ir.meganaft.ragateway.keys.Signer;
import ir.meganaft.ragateway.messaging.PauseWhileHsmDown;
import org.apache.camel.PropertyInject;

/**
 * The CA's and the RA's signing keys (gateway.keys.*: PKCS#12 files or a PKCS#11 token), and the
 * HSM's health. Wired first: a wrong PIN or a missing token stops the start before anything runs.
 */
public final class KeysRoom {
    @PropertyInject(value = "gateway.keys.pkcs11.probe-interval-ms", defaultValue = "5000")
    private long hsmProbeMillis;

    /** The keys, and the HSM's health that signers report to. */
    public record Keys(Signer ca, Signer ra, HsmHealth hsm) {}

    public Keys wire(Boot boot) throws Exception {
        HsmHealth hsm = new HsmHealth(boot.clock());
        boot.bind("hsmHealth", hsm);
        KeySettings.GatewayKeys keys = KeySettings.from(
                        boot.context().getPropertiesComponent()::resolveProperty, boot.home(), boot.data())
                .load(hsm);
        // routes/issuance.camel.yaml: routePolicy pauseWhileHsmDown
        boot.bind("pauseWhileHsmDown", new PauseWhileHsmDown(hsm, hsmProbeMillis));
        return new Keys(keys.ca(), keys.ra(), hsm);
    }
}
