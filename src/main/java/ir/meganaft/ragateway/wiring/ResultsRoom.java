package ir.meganaft.ragateway.wiring;

import ir.meganaft.ragateway.cpmis.CpmisAccounts;
import ir.meganaft.ragateway.cpmis.CpmisRecipient;
import ir.meganaft.ragateway.messaging.ArtemisCatchAllDeadLetters;
import ir.meganaft.ragateway.messaging.ArtemisDeadLetters;
import ir.meganaft.ragateway.messaging.ArtemisRequestDeadLetters;
import ir.meganaft.ragateway.notification.CallbackRecipient;
import ir.meganaft.ragateway.notification.CatchAllDeadLetterAdmin;
import ir.meganaft.ragateway.notification.DeadLetterAdmin;
import ir.meganaft.ragateway.notification.DeliveryChannel;
import ir.meganaft.ragateway.notification.OutboxDelivery;
import ir.meganaft.ragateway.notification.OutboxRelay;
import ir.meganaft.ragateway.notification.RequestQueue;
import ir.meganaft.ragateway.request.CertificateRequest;
import ir.meganaft.ragateway.security.Caller;
import ir.meganaft.ragateway.soap.AdminSoap;
import ir.meganaft.ragateway.soap.CatchAllDeadLettersSoap;
import ir.meganaft.ragateway.soap.CpmisAccountSoap;
import ir.meganaft.ragateway.soap.SoapCallbackClient;
import ir.meganaft.ragateway.soap.SoapCpmisClient;
import ir.meganaft.ragateway.soap.StatusSoap;
import ir.meganaft.ragateway.status.CertificateStatusService;
import ir.meganaft.ragateway.store.CertificateSearch;
import ir.meganaft.ragateway.store.CpmisAccountStore;
import ir.meganaft.ragateway.store.OutboxStore;
import ir.meganaft.ragateway.vetting.StalledRequests;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.PropertyInject;

/**
 * Results back to the callers (issue 6): the outbox and its relay, callbacks and CPMIS with their
 * retries, certificate status for CPMIS and relying systems, CPMIS accounts, and the admins' dead
 * letters. routes/notifications, cpmis, status and admin run them.
 */
public final class ResultsRoom {
    @PropertyInject("gateway.outbox.batch-size")
    private int outboxBatchSize;

    @PropertyInject("gateway.notifications.timeout-ms")
    private long callbackTimeoutMs;

    @PropertyInject("gateway.notifications.max-attempts")
    private int callbackMaxAttempts;

    @PropertyInject(value = "gateway.cpmis.url", defaultValue = "")
    private String cpmisUrl;

    @PropertyInject("gateway.cpmis.timeout-ms")
    private long cpmisTimeoutMs;

    @PropertyInject("gateway.cpmis.max-attempts")
    private int cpmisMaxAttempts;

    @PropertyInject("gateway.status.max-page-size")
    private int statusMaxPageSize;

    public void wire(
            Boot boot,
            StorageRoom.Storage storage,
            CaRoom.Ca ca,
            CallersRoom.Callers callers,
            RequestsRoom.Requests requests,
            BrokerRoom.Messaging messaging,
            CrlRoom.Crls crls) {
        var clock = boot.clock();
        var database = storage.database();
        var certificates = ca.certificates();
        BrokerRoom.Queues queues = messaging.queues();
        OutboxStore outbox = new OutboxStore(database);
        CpmisAccountStore cpmisAccounts = new CpmisAccountStore(database);
        OutboxRelay relay = new OutboxRelay(
                outbox,
                Map.of(DeliveryChannel.CALLBACK, queues.callbacks(), DeliveryChannel.CPMIS, queues.cpmis()),
                outboxBatchSize);
        boot.bind("outboxRelay", relay);
        CallbackRecipient callbacks = new CallbackRecipient(
                requests.store(),
                certificates,
                ca.authority(),
                requests.callbackAddresses(),
                new SoapCallbackClient(Duration.ofMillis(callbackTimeoutMs), callers.clientTls()));
        CpmisRecipient cpmis = new CpmisRecipient(
                cpmisUrl,
                new SoapCpmisClient(Duration.ofMillis(cpmisTimeoutMs)),
                requests.store(),
                certificates,
                cpmisAccounts);
        boot.bind(
                "outboxDelivery",
                new OutboxDelivery(
                        outbox,
                        Map.of(DeliveryChannel.CALLBACK, callbacks, DeliveryChannel.CPMIS, cpmis),
                        Map.of(DeliveryChannel.CALLBACK, callbackMaxAttempts, DeliveryChannel.CPMIS, cpmisMaxAttempts),
                        clock));
        boot.bind(
                "statusSoap",
                new StatusSoap(new CertificateStatusService(
                        certificates,
                        new CertificateSearch(database),
                        statusMaxPageSize,
                        clock,
                        requestId -> requests.store().find(requestId).map(CertificateRequest::callerSystemId))));
        boot.bind(
                "cpmisAccountSoap",
                new CpmisAccountSoap(new CpmisAccounts(
                        requests.store(),
                        certificates,
                        cpmisAccounts,
                        outbox,
                        callers.principals().officers(),
                        clock)));
        boot.bind(
                "adminSoap",
                new AdminSoap(
                        new DeadLetterAdmin(
                                callers.principals()
                                        .ofKind(Caller.IntegrationAdmin.class)
                                        .keySet(),
                                new ArtemisDeadLetters(messaging.jms(), queues.deadLetters()),
                                outbox,
                                requests.store(),
                                relay,
                                new ArtemisRequestDeadLetters(
                                        messaging.jms(),
                                        Map.of(
                                                RequestQueue.VETTING,
                                                new ArtemisRequestDeadLetters.Queues(
                                                        queues.vetting(), queues.vettingDeadLetters()),
                                                RequestQueue.ISSUANCE,
                                                new ArtemisRequestDeadLetters.Queues(
                                                        queues.issuance(), queues.issuanceDeadLetters())),
                                        messaging.maxDeliveryAttempts())),
                        boot.context().getRegistry().lookupByNameAndType("stalledRequests", StalledRequests.class),
                        crls.publisher(),
                        crls.push()));
        // the broker's catch-all DLQ and ExpiryQueue (AdminService 1.3), embedded or external alike
        boot.bind(
                "catchAllDeadLettersSoap",
                new CatchAllDeadLettersSoap(new CatchAllDeadLetterAdmin(new ArtemisCatchAllDeadLetters(
                        messaging.jms(), messaging.broker().management()))));
    }
}
