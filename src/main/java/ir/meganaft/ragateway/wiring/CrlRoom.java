package ir.meganaft.ragateway.wiring;

import ir.meganaft.ragateway.crl.CrlDownload;
import ir.meganaft.ragateway.crl.CrlPublisher;
import ir.meganaft.ragateway.crl.CrlPush;
import ir.meganaft.ragateway.store.CrlStore;
import ir.meganaft.ragateway.store.PushTargetStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.apache.camel.PropertyInject;

/**
 * CRLs (gateway.crl.*): the publisher, whose numbers are fenced by the CRL job's lease, and the
 * push to the configured targets (gateway.crl.targets.*). routes/crl.camel.yaml runs them.
 */
public final class CrlRoom {
    @PropertyInject("gateway.profile.crl-url")
    private String crlUrl;

    @PropertyInject(value = "gateway.profile.delta-crl-url", defaultValue = "")
    private String deltaCrlUrl;

    @PropertyInject("gateway.crl.full.period-minutes")
    private long crlFullPeriodMinutes;

    @PropertyInject("gateway.crl.full.validity-hours")
    private long crlFullValidityHours;

    @PropertyInject("gateway.crl.delta.validity-minutes")
    private long crlDeltaValidityMinutes;

    @PropertyInject("gateway.crl.push.first-retry-seconds")
    private long crlPushFirstRetrySeconds;

    @PropertyInject("gateway.crl.push.max-retry-seconds")
    private long crlPushMaxRetrySeconds;

    /** The publisher and the push, and the certificate of the CA whose CRLs they are. */
    public record Crls(CrlPublisher publisher, CrlPush push, X509Certificate issuingCa) {}

    /**
     * With the CA in-process the gateway signs its CRLs with the CA key; with a CA elsewhere
     * (gateway.ca.url) it relays the CA's own full CRL, fetched from gateway.ca.crl-url, on the same
     * schedule, and serves and pushes it as it would its own.
     */
    public Crls wire(Boot boot, KeysRoom.Keys keys, StorageRoom.Storage storage, CaRoom.Ca ca) {
        CrlStore records =
                new CrlStore(storage.database(), () -> storage.singletons().held(StorageRoom.CRL_JOB));
        CrlPublisher crls = ca.remoteCrl() != null
                ? CrlPublisher.relaying(
                        records,
                        ca.issuingCa(),
                        new CrlDownload(ca.remoteCrl(), Duration.ofSeconds(30)),
                        boot.data().resolve("crl"),
                        boot.clock())
                : new CrlPublisher(
                        records,
                        keys.ca(),
                        boot.data().resolve("crl"),
                        crlUrl,
                        deltaCrlUrl,
                        new CrlPublisher.Schedule(
                                Duration.ofMinutes(crlFullPeriodMinutes),
                                Duration.ofHours(crlFullValidityHours),
                                Duration.ofMinutes(crlDeltaValidityMinutes)),
                        boot.clock());
        boot.bind("crlPublisher", crls);
        CrlPush push = new CrlPush(
                new PushTargetStore(storage.database()),
                boot.settings("gateway.crl.targets."),
                crls,
                Duration.ofSeconds(crlPushFirstRetrySeconds),
                Duration.ofSeconds(crlPushMaxRetrySeconds),
                boot.clock());
        boot.bind("crlPush", push);
        return new Crls(crls, push, ca.issuingCa());
    }
}
