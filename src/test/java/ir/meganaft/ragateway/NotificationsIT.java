package ir.meganaft.ragateway;

import static ir.meganaft.ragateway.support.ContractFaults.assertGatewayFault;
import static ir.meganaft.ragateway.support.Faults.assertFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ir.meganaft.ragateway.contract.admin.AdminServicePortType;
import ir.meganaft.ragateway.contract.admin.DeadLetter;
import ir.meganaft.ragateway.contract.admin.DeliveryChannel;
import ir.meganaft.ragateway.contract.admin.ListDeadLettersRequest;
import ir.meganaft.ragateway.contract.admin.ReplayDeadLettersRequest;
import ir.meganaft.ragateway.contract.cpmis.DisableCertificateRequest;
import ir.meganaft.ragateway.contract.cpmis.RegisterCertificateUserRequest;
import ir.meganaft.ragateway.contract.cpmisaccount.CpmisAccountServicePortType;
import ir.meganaft.ragateway.contract.cpmisaccount.CpmisRegistration;
import ir.meganaft.ragateway.contract.cpmisaccount.CpmisStatus;
import ir.meganaft.ragateway.contract.notification.NotificationEvent;
import ir.meganaft.ragateway.contract.notification.RequestChangeNotification;
import ir.meganaft.ragateway.contract.officer.OfficerServicePortType;
import ir.meganaft.ragateway.contract.officer.ReleaseCertificateHoldRequest;
import ir.meganaft.ragateway.contract.registration.GetRequestStatusRequest;
import ir.meganaft.ragateway.contract.registration.RegistrationServicePortType;
import ir.meganaft.ragateway.contract.registration.RenewCertificateRequest;
import ir.meganaft.ragateway.contract.registration.RevokeCertificateRequest;
import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.types.Caller;
import ir.meganaft.ragateway.contract.types.CertificateReference;
import ir.meganaft.ragateway.contract.types.Csr;
import ir.meganaft.ragateway.contract.types.EncodedCertificate;
import ir.meganaft.ragateway.contract.types.RequestHeader;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.contract.types.RevocationReason;
import ir.meganaft.ragateway.support.CallbackReceiver;
import ir.meganaft.ragateway.support.CpmisStandIn;
import ir.meganaft.ragateway.support.DeadLetterCommand;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.Services;
import ir.meganaft.ragateway.support.TestCsrs;
import ir.meganaft.ragateway.support.TestPrincipals;
import ir.meganaft.ragateway.support.Walk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Callbacks to back-office systems, CPMIS registration and disablement, and the dead letters,
 * against a real callback receiver and a real CPMIS stand-in (CXF SOAP servers on loopback ports).
 * Retries are fast here (100 ms doubling to 800 ms, 10 attempts for callbacks, 5 for CPMIS). The
 * back office's default address and the ports its other receivers will listen on are registered
 * before the gateway starts, as an RA would register a system's callback addresses.
 */
class NotificationsIT {
    static final long TARIFF = 15_000_000L;
    /** A registered prefix on a host nothing listens on: only ever compared with, never called. */
    static final String ALLOWED = "http://allowed.example/callbacks";

    @TempDir
    static Path data;

    static CallbackReceiver backOffice;
    static CpmisStandIn cpmis;
    static RunningGateway gateway;
    static RegistrationServicePortType registration;
    static OfficerServicePortType officer;
    static CpmisAccountServicePortType accounts;
    static AdminServicePortType admin;
    static Walk walk;
    /** Ports of receivers started by the tests themselves, registered for Requests.SYSTEM in advance. */
    static int ownPort;

    static int flakyPort;
    static int neverPort;
    static int belowPort;

    @BeforeAll
    static void start() {
        backOffice = CallbackReceiver.start();
        cpmis = new CpmisStandIn();
        ownPort = RunningGateway.freePort();
        flakyPort = RunningGateway.freePort();
        neverPort = RunningGateway.freePort();
        belowPort = RunningGateway.freePort();
        gateway = RunningGateway.start(
                data,
                Map.ofEntries(
                        Map.entry("gateway.callbacks." + Requests.SYSTEM, backOffice.url()),
                        Map.entry(
                                "gateway.callback-prefixes." + Requests.SYSTEM,
                                String.join(
                                        ", ",
                                        CallbackReceiver.urlOn(ownPort),
                                        CallbackReceiver.urlOn(flakyPort),
                                        CallbackReceiver.urlOn(neverPort),
                                        "http://127.0.0.1:" + belowPort + "/hr/",
                                        ALLOWED)),
                        Map.entry("gateway.cpmis.url", cpmis.url()),
                        Map.entry("gateway.outbox.poll-ms", "100"),
                        Map.entry("gateway.notifications.max-attempts", "10"),
                        Map.entry("gateway.notifications.initial-delay-ms", "100"),
                        Map.entry("gateway.notifications.max-delay-ms", "800"),
                        Map.entry("gateway.cpmis.max-attempts", "5"),
                        Map.entry("gateway.cpmis.initial-delay-ms", "100"),
                        Map.entry("gateway.cpmis.max-delay-ms", "400"),
                        Map.entry("gateway.integration-admins", Services.ADMIN)));
        registration = gateway.registration();
        officer = gateway.officer();
        accounts = Services.cpmisAccounts(gateway);
        admin = Services.admin(gateway);
        walk = new Walk(gateway);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backOffice.close();
        cpmis.close();
    }

    @Test
    void callbacks_arrive_in_order_for_a_full_lifecycle_outside_the_industry() throws Exception {
        String id = submit(
                Requests.outside(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1"))), null);
        walk.awaitState(id, RequestState.AWAITING_PAYMENT);
        officer.recordPayment(Requests.payment(RunningGateway.REGISTRAR, id, TARIFF));
        walk.vetApproveAndIssue(id);
        officer.recordDelivery(Requests.delivery(RunningGateway.REGISTRAR, id, "TOKEN-0001"));
        EncodedCertificate certificate =
                registration.getCertificate(Requests.certificate(id)).getCertificate();
        Services.revoke(gateway, certificate.getSerialNumber(), "keyCompromise");

        List<RequestChangeNotification> got = await().atMost(Duration.ofSeconds(20))
                .until(() -> backOffice.receivedFor(id), list -> list.size() == 4);
        assertThat(got)
                .extracting(RequestChangeNotification::getEvent)
                .containsExactly(
                        NotificationEvent.AWAITING_PAYMENT,
                        NotificationEvent.ISSUED,
                        NotificationEvent.DELIVERED,
                        NotificationEvent.REVOKED);
        assertThat(got).extracting(RequestChangeNotification::getSequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(got).extracting(RequestChangeNotification::getNotificationId).doesNotHaveDuplicates();
        assertThat(got).allSatisfy(n -> {
            assertThat(n.getCallerSystemId()).isEqualTo(Requests.SYSTEM);
            assertThat(n.getClientRequestId()).startsWith("HR-");
        });
        RequestChangeNotification issued = got.get(1);
        assertThat(issued.getState()).isEqualTo(RequestState.ISSUED);
        assertThat(issued.getCertificate().getDer()).isEqualTo(certificate.getDer());
        assertThat(issued.getChain().getCertificate()).isNotEmpty();
        assertThat(got.get(2).getDelivery().getTokenSerialNumber()).isEqualTo("TOKEN-0001");
        RequestChangeNotification revoked = got.get(3);
        assertThat(revoked.getState()).isEqualTo(RequestState.DELIVERED);
        assertThat(revoked.getRevocation().getSerialNumber()).isEqualTo(certificate.getSerialNumber());
        assertThat(revoked.getRevocation().getReason()).isEqualTo("keyCompromise");
    }

    @Test
    void a_rejection_goes_to_the_requests_own_reply_to_address_with_the_reason() throws Exception {
        try (CallbackReceiver own = CallbackReceiver.startOn(ownPort)) {
            String id = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), own.url());
            walk.awaitState(id, RequestState.PENDING_VETTING);
            officer.rejectRequest(Requests.reject(id, "the national card is a photocopy"));

            RequestChangeNotification rejected = await().atMost(Duration.ofSeconds(10))
                    .until(() -> own.receivedFor(id), list -> !list.isEmpty())
                    .get(0);
            assertThat(rejected.getEvent()).isEqualTo(NotificationEvent.REJECTED);
            assertThat(rejected.getState()).isEqualTo(RequestState.REJECTED);
            assertThat(rejected.getRejection().getReason()).isEqualTo("the national card is a photocopy");
            assertThat(backOffice.receivedFor(id))
                    .as("the system's configured address is not used")
                    .isEmpty();
        }
    }

    @Test
    void a_receiver_down_for_a_while_receives_everything_in_order_once_back() throws Exception {
        try (CallbackReceiver flaky = CallbackReceiver.startOn(flakyPort)) {
            flaky.down();
            String id =
                    submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), flaky.url());
            walk.vetApproveAndIssue(id);
            officer.recordDelivery(Requests.delivery(RunningGateway.REGISTRAR, id, "TOKEN-0002"));
            await().atMost(Duration.ofSeconds(10)).until(() -> flaky.refused() >= 3);
            assertThat(flaky.receivedFor(id)).isEmpty();

            flaky.up();
            List<RequestChangeNotification> got =
                    await().atMost(Duration.ofSeconds(15)).until(() -> flaky.receivedFor(id), list -> list.size() == 2);
            assertThat(got)
                    .extracting(RequestChangeNotification::getEvent)
                    .containsExactly(NotificationEvent.ISSUED, NotificationEvent.DELIVERED);
            assertThat(deadLettersOf(id)).isEmpty();
        }
    }

    @Test
    void a_receiver_that_never_comes_back_ends_in_the_dead_letter_queue_and_an_admin_replays_it() throws Exception {
        int port = neverPort; // nothing listens here until the back office is repaired
        String address = CallbackReceiver.urlOn(port);
        String id = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), address);
        walk.vetApproveAndIssue(id);

        List<DeadLetter> dead =
                await().atMost(Duration.ofSeconds(20)).until(() -> deadLettersOf(id), l -> l.size() == 1);
        DeadLetter letter = dead.get(0);
        assertThat(letter.getChannel()).isEqualTo(DeliveryChannel.CALLBACK);
        assertThat(letter.getEvent()).isEqualTo("ISSUED");
        assertThat(letter.getCallerSystemId()).isEqualTo(Requests.SYSTEM);
        assertThat(letter.getTarget()).isEqualTo(address);
        assertThat(letter.getAttempts()).isEqualTo(10);
        assertThat(letter.getLastError()).isNotBlank();

        try (CallbackReceiver repaired = CallbackReceiver.startOn(port)) {
            ReplayDeadLettersRequest replay = new ReplayDeadLettersRequest();
            replay.setAdmin(Services.admin(Services.ADMIN));
            replay.setDeadLetterId(letter.getDeadLetterId());
            assertThat(admin.replayDeadLetters(replay).getReplayedId()).containsExactly(letter.getDeadLetterId());

            RequestChangeNotification got = await().atMost(Duration.ofSeconds(10))
                    .until(() -> repaired.receivedFor(id), l -> l.size() == 1)
                    .get(0);
            assertThat(got.getEvent()).isEqualTo(NotificationEvent.ISSUED);
            assertThat(got.getNotificationId()).isEqualTo(letter.getNotificationId());
            assertThat(deadLettersOf(id)).isEmpty();
        }
    }

    @Test
    void cpmis_registers_the_account_the_rd_unit_supplied_and_disables_it_on_revocation() throws Exception {
        String id = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), null);
        walk.vetApproveAndIssue(id);
        assertThat(accounts.getCpmisRegistration(Services.registration(id))
                        .getRegistration()
                        .getStatus())
                .isEqualTo(CpmisStatus.AWAITING_ACCOUNT);
        EncodedCertificate certificate =
                registration.getCertificate(Requests.certificate(id)).getCertificate();

        CpmisRegistration recorded = accounts.recordCpmisAccount(
                        Services.accountFromSystem(Requests.SYSTEM, id, "a.rezaei", "DRILLING-ENGINEER"))
                .getRegistration();
        assertThat(recorded.getStatus()).isIn(CpmisStatus.PENDING, CpmisStatus.DONE);
        RegisterCertificateUserRequest registered = await().atMost(Duration.ofSeconds(10))
                .until(() -> cpmis.registrationsFor(certificate.getSerialNumber()), l -> l.size() == 1)
                .get(0);
        assertThat(registered.getUsername()).isEqualTo("a.rezaei");
        assertThat(registered.getAccessLevel()).isEqualTo("DRILLING-ENGINEER");
        assertThat(registered.getOrganization()).isEqualTo("شرکت ملی نفت ایران");
        assertThat(registered.getNationalCode()).isEqualTo(Requests.NATIONAL_CODE);
        assertThat(registered.getCertificate()).isEqualTo(certificate.getDer());
        assertThat(registered.getSha256Fingerprint()).isEqualTo(certificate.getSha256Fingerprint());
        assertThat(registered.getIssuer()).isEqualTo(certificate.getIssuer());
        await().atMost(Duration.ofSeconds(5)).until(() -> registrationOf(id).getStatus() == CpmisStatus.DONE);
        assertThat(registrationOf(id).getSuppliedBy()).isEqualTo("system:" + Requests.SYSTEM);
        assertThat(registrationOf(id).getDisablement()).isNull();

        Services.revoke(gateway, certificate.getSerialNumber(), "affiliationChanged");
        DisableCertificateRequest disabled = await().atMost(Duration.ofSeconds(10))
                .until(() -> cpmis.disablementsFor(certificate.getSerialNumber()), l -> l.size() == 1)
                .get(0);
        assertThat(disabled.getUsername()).isEqualTo("a.rezaei");
        assertThat(disabled.getReason()).isEqualTo("affiliationChanged");
        await().atMost(Duration.ofSeconds(5)).until(() -> registrationOf(id).getDisablement() == CpmisStatus.DONE);
    }

    @Test
    void outside_the_industry_a_registrar_records_the_cpmis_account() throws Exception {
        String id = issuedOutside();
        String serial = registration
                .getCertificate(Requests.certificate(id))
                .getCertificate()
                .getSerialNumber();
        assertGatewayFault(
                () -> accounts.recordCpmisAccount(
                        Services.accountFromSystem(Requests.SYSTEM, id, "m.karimi", "VIEWER")),
                "NOT_AUTHORIZED");
        assertGatewayFault(
                () -> accounts.recordCpmisAccount(
                        Services.accountFromOfficer(RunningGateway.INTAKE, id, "m.karimi", "VIEWER")),
                "NOT_AUTHORIZED");

        accounts.recordCpmisAccount(Services.accountFromOfficer(RunningGateway.REGISTRAR, id, "m.karimi", "VIEWER"));
        RegisterCertificateUserRequest registered = await().atMost(Duration.ofSeconds(10))
                .until(() -> cpmis.registrationsFor(serial), l -> l.size() == 1)
                .get(0);
        assertThat(registered.getUsername()).isEqualTo("m.karimi");
        assertThat(registered.getOrganization()).isEqualTo("Unaffiliated");
        assertThat(registrationOf(id).getSuppliedBy()).isEqualTo("officer:" + RunningGateway.REGISTRAR);
    }

    @Test
    void a_failing_cpmis_shows_pending_then_failed_and_an_admin_replays_the_registration() throws Exception {
        String id = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), null);
        walk.vetApproveAndIssue(id);
        String serial = registration
                .getCertificate(Requests.certificate(id))
                .getCertificate()
                .getSerialNumber();
        cpmis.failing(true);
        try {
            CpmisRegistration recorded = accounts.recordCpmisAccount(
                            Services.accountFromSystem(Requests.SYSTEM, id, "s.ahmadi", "AUDITOR"))
                    .getRegistration();
            assertThat(recorded.getStatus()).isEqualTo(CpmisStatus.PENDING);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> registrationOf(id).getStatus() == CpmisStatus.FAILED);
            assertThat(registrationOf(id).getLastError()).contains("CPMIS is under maintenance");
            DeadLetter letter = await().atMost(Duration.ofSeconds(5))
                    .until(() -> deadLettersOf(id), l -> l.size() == 1)
                    .get(0);
            assertThat(letter.getChannel()).isEqualTo(DeliveryChannel.CPMIS);
            assertThat(letter.getEvent()).isEqualTo("REGISTER");
        } finally {
            cpmis.failing(false);
        }
        long letterId = deadLettersOf(id).get(0).getDeadLetterId();
        DeadLetterCommand listed = cli("list");
        assertThat(listed.status()).isZero();
        assertThat(listed.out())
                .contains(Long.toString(letterId))
                .contains("REGISTER")
                .contains(id);

        DeadLetterCommand replayed = cli("replay", "--all");
        assertThat(replayed.status()).isZero();
        assertThat(replayed.out()).contains(Long.toString(letterId));
        await().atMost(Duration.ofSeconds(10)).until(() -> registrationOf(id).getStatus() == CpmisStatus.DONE);
        assertThat(cpmis.registrationsFor(serial)).hasSize(1);
    }

    @Test
    void cpmis_accounts_are_refused_for_unknown_unissued_or_foreign_requests_and_conflicting_details()
            throws Exception {
        assertGatewayFault(
                () -> accounts.recordCpmisAccount(Services.accountFromSystem(
                        Requests.SYSTEM, "00000000-0000-0000-0000-000000000000", "x.y", "VIEWER")),
                "UNKNOWN_REQUEST");
        assertGatewayFault(
                () -> accounts.getCpmisRegistration(Services.registration("00000000-0000-0000-0000-000000000000")),
                "UNKNOWN_REQUEST");

        String pending = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), null);
        walk.awaitState(pending, RequestState.PENDING_VETTING);
        assertGatewayFault(
                () -> accounts.recordCpmisAccount(
                        Services.accountFromSystem(Requests.SYSTEM, pending, "x.y", "VIEWER")),
                "CERTIFICATE_NOT_ISSUED");

        String issued = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), null);
        walk.vetApproveAndIssue(issued);
        assertGatewayFault(
                () -> accounts.recordCpmisAccount(Services.accountFromSystem("OTHER-SYSTEM", issued, "x.y", "VIEWER")),
                "UNKNOWN_REQUEST");
        assertGatewayFault(
                () -> accounts.recordCpmisAccount(
                        Services.accountFromOfficer(RunningGateway.REGISTRAR, issued, "x.y", "VIEWER")),
                "NOT_AUTHORIZED");
        assertGatewayFault(
                () -> accounts.recordCpmisAccount(
                        Services.accountFromSystem(Requests.SYSTEM, issued, "has spaces", "VIEWER")),
                "SCHEMA_INVALID");

        accounts.recordCpmisAccount(Services.accountFromSystem(Requests.SYSTEM, issued, "x.y", "VIEWER"));
        assertThat(accounts.recordCpmisAccount(Services.accountFromSystem(Requests.SYSTEM, issued, "x.y", "VIEWER"))
                        .getRegistration()
                        .getUsername())
                .as("the same details again are answered as before")
                .isEqualTo("x.y");
        assertGatewayFault(
                () -> accounts.recordCpmisAccount(
                        Services.accountFromSystem(Requests.SYSTEM, issued, "x.y", "ADMINISTRATOR")),
                "CPMIS_ACCOUNT_CONFLICT");

        String serial = registration
                .getCertificate(Requests.certificate(issued))
                .getCertificate()
                .getSerialNumber();
        String revoked = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), null);
        walk.vetApproveAndIssue(revoked);
        Services.revoke(
                gateway,
                registration
                        .getCertificate(Requests.certificate(revoked))
                        .getCertificate()
                        .getSerialNumber(),
                "privilegeWithdrawn");
        assertGatewayFault(
                () -> accounts.recordCpmisAccount(
                        Services.accountFromSystem(Requests.SYSTEM, revoked, "x.z", "VIEWER")),
                "ILLEGAL_STATE");
        assertThat(serial).isNotBlank();
    }

    @Test
    void the_admin_operations_refuse_other_principals_another_stated_admin_and_unknown_dead_letters() {
        ListDeadLettersRequest list = new ListDeadLettersRequest();
        list.setAdmin(Services.admin("intruder"));
        assertGatewayFault(
                () -> Services.adminAs(gateway, TestPrincipals.admin(Services.ADMIN))
                        .listDeadLetters(list),
                "IDENTITY_MISMATCH");

        ReplayDeadLettersRequest replay = new ReplayDeadLettersRequest();
        replay.setAll(true);
        assertGatewayFault(
                () -> Services.adminAs(gateway, TestPrincipals.officer(RunningGateway.REGISTRAR))
                        .replayDeadLetters(replay),
                "NOT_AUTHORIZED");

        ReplayDeadLettersRequest unknown = new ReplayDeadLettersRequest();
        unknown.setAdmin(Services.admin(Services.ADMIN));
        unknown.setDeadLetterId(987_654_321L);
        assertGatewayFault(() -> admin.replayDeadLetters(unknown), "UNKNOWN_DEAD_LETTER");

        ReplayDeadLettersRequest neither = new ReplayDeadLettersRequest();
        neither.setAdmin(Services.admin(Services.ADMIN));
        assertGatewayFault(() -> admin.replayDeadLetters(neither), "SCHEMA_INVALID");
    }

    @Test
    void the_dead_letters_command_line_refuses_other_principals_and_needs_an_id_or_all() {
        DeadLetterCommand intruder =
                DeadLetterCommand.runAs(gateway, TestPrincipals.officer(RunningGateway.REGISTRAR), null, "list");
        assertThat(intruder.status()).isEqualTo(1);
        assertThat(intruder.err()).contains("NOT_AUTHORIZED");
        assertThat(cli("replay").status()).isEqualTo(2);
        DeadLetterCommand unknown = cli("replay", "987654321");
        assertThat(unknown.status()).as("an id that names nothing is bad input").isEqualTo(2);
        assertThat(unknown.err()).contains("UNKNOWN_DEAD_LETTER");
    }

    @Test
    void callbacks_wait_on_the_broker_in_their_requests_message_group() throws Exception {
        gateway.camel().getRouteController().stopRoute("deliver-callback");
        String id;
        try {
            id = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), null);
            walk.awaitState(id, RequestState.PENDING_VETTING);
            officer.rejectRequest(Requests.reject(id, "documents withdrawn"));
            jakarta.jms.ConnectionFactory jms = gateway.camel()
                    .getRegistry()
                    .lookupByNameAndType("jmsConnectionFactory", jakarta.jms.ConnectionFactory.class);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> groupsWaitingOn(jms, "ra.callbacks"), groups -> groups.contains("CALLBACK:" + id));
        } finally {
            gateway.camel().getRouteController().startRoute("deliver-callback");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> backOffice.receivedFor(id), l -> l.size() == 1);
    }

    @Test
    void the_admin_and_cpmis_account_services_answer_over_soap_12_too() {
        ListDeadLettersRequest list = new ListDeadLettersRequest();
        list.setAdmin(Services.admin("intruder"));
        assertGatewayFault(
                () -> Services.adminSoap12As(gateway, TestPrincipals.admin(Services.ADMIN))
                        .listDeadLetters(list),
                "IDENTITY_MISMATCH");
        list.setAdmin(Services.admin(Services.ADMIN));
        org.assertj.core.api.Assertions.assertThatCode(
                        () -> Services.adminSoap12(gateway).listDeadLetters(list))
                .doesNotThrowAnyException();
        assertGatewayFault(
                () -> Services.cpmisAccountsSoap12(gateway)
                        .getCpmisRegistration(Services.registration("00000000-0000-0000-0000-000000000000")),
                "UNKNOWN_REQUEST");
    }

    @Test
    void a_hold_and_its_release_reach_the_caller_in_sequence_with_the_other_notifications() throws Exception {
        String id = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), null);
        walk.vetApproveAndIssue(id);
        officer.recordDelivery(Requests.delivery(RunningGateway.REGISTRAR, id, "TOKEN-0003"));
        String serial = registration
                .getCertificate(Requests.certificate(id))
                .getCertificate()
                .getSerialNumber();
        await().atMost(Duration.ofSeconds(10)).until(() -> backOffice.receivedFor(id), list -> list.size() == 2);

        String hold = registration
                .revokeCertificate(revocation(id, RevocationReason.CERTIFICATE_HOLD, null))
                .getRequestId();
        officer.approveRequest(Requests.approve(hold));
        walk.awaitState(hold, RequestState.COMPLETED);
        ReleaseCertificateHoldRequest release = new ReleaseCertificateHoldRequest();
        release.setOfficer(Requests.officer(RunningGateway.REGISTRAR));
        release.setCertificate(byRequest(id));
        officer.releaseCertificateHold(release);
        officer.revokeByRa(Requests.revokeByRa(id, RevocationReason.PRIVILEGE_WITHDRAWN));

        List<RequestChangeNotification> got = await().atMost(Duration.ofSeconds(20))
                .until(() -> backOffice.receivedFor(id), list -> list.size() == 5);
        assertThat(got)
                .extracting(RequestChangeNotification::getEvent)
                .containsExactly(
                        NotificationEvent.ISSUED,
                        NotificationEvent.DELIVERED,
                        NotificationEvent.ON_HOLD,
                        NotificationEvent.HOLD_RELEASED,
                        NotificationEvent.REVOKED);
        assertThat(got).extracting(RequestChangeNotification::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        RequestChangeNotification held = got.get(2);
        RequestChangeNotification released = got.get(3);
        assertThat(List.of(held, released, got.get(4))).allSatisfy(n -> {
            assertThat(n.getState()).as("the request's state is unchanged").isEqualTo(RequestState.DELIVERED);
            assertThat(n.getRevocation().getSerialNumber()).isEqualTo(serial);
            assertThat(n.getCertificate()).isNull();
        });
        assertThat(held.getRevocation().getReason()).isEqualTo("certificateHold");
        assertThat(released.getRevocation().getReason()).isEqualTo("removeFromCRL");
        assertThat(released.getRevocation().getRevokedAt())
                .isEqualTo(released.getOccurredAt())
                .isAfterOrEqualTo(held.getRevocation().getRevokedAt());
        assertThat(got.get(4).getRevocation().getReason()).isEqualTo("privilegeWithdrawn");
    }

    @Test
    void a_reply_to_outside_the_registered_prefixes_is_refused_at_submission_logged_once_and_nothing_is_stored()
            throws Exception {
        int otherPort = RunningGateway.freePort();
        List<String> outside = List.of(
                "http://127.0.0.1:" + otherPort + "/callbacks", // a registered host, another port
                "http://allowed.example:8080/callbacks", // the registered host, another port
                "https://allowed.example/callbacks", // another scheme
                "http://allowed.example.evil.com/callbacks", // a longer host name
                "http://allowed.example@evil.com/callbacks", // user info: the host is evil.com
                "http://allowed.example/callbacks-evil", // a path that only starts the same
                "http://allowed.example/callbacks/../admin", // out of the prefix by a dot segment
                "http://allowed.example/other",
                "file:///etc/passwd",
                "ftp://allowed.example/callbacks",
                "http://169.254.169.254/latest/meta-data/");
        try (Refusals logged = Refusals.watch()) {
            for (String replyTo : outside) {
                String clientRequestId = Requests.newClientRequestId();
                SubmitCertificateRequest request = Requests.individual(clientRequestId, TestCsrs.ec("secp256r1"));
                request.getHeader().setReplyTo(replyTo);
                var fault = assertFault(() -> registration.submitCertificateRequest(request), "REPLY_TO_NOT_ALLOWED");
                assertThat(fault.getField()).isEqualTo("header/replyTo");
                assertFault(
                        () -> registration.getRequestStatus(statusOf(Requests.SYSTEM, clientRequestId)),
                        "UNKNOWN_REQUEST");
            }
            assertThat(logged.count()).as("each refusal logged once").isEqualTo(outside.size());
        }
    }

    @Test
    void a_system_with_no_registered_address_cannot_name_a_reply_to_not_even_another_systems() throws Exception {
        String clientRequestId = Requests.newClientRequestId();
        SubmitCertificateRequest request = Requests.individual(clientRequestId, TestCsrs.ec("secp256r1"));
        request.getHeader().getCaller().setSystemId("NIOC-DRILLING");
        request.getHeader().setReplyTo(backOffice.url());
        assertFault(() -> registration.submitCertificateRequest(request), "REPLY_TO_NOT_ALLOWED");
        assertFault(() -> registration.getRequestStatus(statusOf("NIOC-DRILLING", clientRequestId)), "UNKNOWN_REQUEST");

        request.getHeader().setReplyTo(null);
        assertThat(registration.submitCertificateRequest(request).getRequestId())
                .as("without replyTo it is taken")
                .isNotBlank();
    }

    @Test
    void a_reply_to_below_a_registered_prefix_is_accepted_and_called_back() throws Exception {
        try (CallbackReceiver below = CallbackReceiver.startAt(belowPort, "/hr/ra-callbacks")) {
            String id =
                    submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), below.url());
            walk.awaitState(id, RequestState.PENDING_VETTING);
            officer.rejectRequest(Requests.reject(id, "the request form is unsigned"));

            RequestChangeNotification rejected = await().atMost(Duration.ofSeconds(10))
                    .until(() -> below.receivedFor(id), list -> !list.isEmpty())
                    .get(0);
            assertThat(rejected.getEvent()).isEqualTo(NotificationEvent.REJECTED);
            assertThat(backOffice.receivedFor(id)).isEmpty();
        }
    }

    @Test
    void renewal_and_revocation_refuse_a_reply_to_outside_the_registered_prefixes_and_store_nothing() throws Exception {
        String id = submit(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")), null);
        walk.vetApproveAndIssue(id);
        String outside = "http://allowed.example@evil.com/callbacks";

        RenewCertificateRequest renewal = renewal(id, outside);
        assertFault(() -> registration.renewCertificate(renewal), "REPLY_TO_NOT_ALLOWED");
        assertFault(
                () -> registration.getRequestStatus(
                        statusOf(Requests.SYSTEM, renewal.getHeader().getClientRequestId())),
                "UNKNOWN_REQUEST");
        RevokeCertificateRequest revocation = revocation(id, RevocationReason.AFFILIATION_CHANGED, outside);
        assertFault(() -> registration.revokeCertificate(revocation), "REPLY_TO_NOT_ALLOWED");
        assertFault(
                () -> registration.getRequestStatus(
                        statusOf(Requests.SYSTEM, revocation.getHeader().getClientRequestId())),
                "UNKNOWN_REQUEST");

        assertThat(registration
                        .renewCertificate(renewal(id, ALLOWED + "/renewals"))
                        .getState())
                .as("a registered replyTo is taken")
                .isEqualTo(RequestState.RECEIVED);
        assertThat(registration
                        .revokeCertificate(revocation(id, RevocationReason.AFFILIATION_CHANGED, ALLOWED))
                        .getState())
                .isEqualTo(RequestState.PENDING_APPROVAL);
    }

    /** Counts the log lines that report a REPLY_TO_NOT_ALLOWED refusal, from any logger, while open. */
    static final class Refusals implements AutoCloseable {
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        static Refusals watch() {
            Refusals r = new Refusals();
            r.appender.start();
            r.root.addAppender(r.appender);
            return r;
        }

        long count() {
            return appender.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("REPLY_TO_NOT_ALLOWED")
                            || e.getFormattedMessage().contains("replyTo"))
                    .count();
        }

        @Override
        public void close() {
            root.detachAppender(appender);
        }
    }

    static GetRequestStatusRequest statusOf(String systemId, String clientRequestId) {
        GetRequestStatusRequest r = new GetRequestStatusRequest();
        GetRequestStatusRequest.ByClientRequestId by = new GetRequestStatusRequest.ByClientRequestId();
        by.setCallerSystemId(systemId);
        by.setClientRequestId(clientRequestId);
        r.setByClientRequestId(by);
        return r;
    }

    static RequestHeader header(String replyTo) {
        RequestHeader header = new RequestHeader();
        header.setClientRequestId(Requests.newClientRequestId());
        Caller caller = new Caller();
        caller.setSystemId(Requests.SYSTEM);
        header.setCaller(caller);
        header.setReplyTo(replyTo);
        return header;
    }

    static CertificateReference byRequest(String requestId) {
        CertificateReference ref = new CertificateReference();
        ref.setRequestId(requestId);
        return ref;
    }

    static RevokeCertificateRequest revocation(String requestId, RevocationReason reason, String replyTo) {
        RevokeCertificateRequest r = new RevokeCertificateRequest();
        r.setHeader(header(replyTo));
        r.setCertificate(byRequest(requestId));
        r.setReason(reason);
        return r;
    }

    /** A re-key of the certificate of {@code requestId}: a new key for the same applicant. */
    static RenewCertificateRequest renewal(String requestId, String replyTo) {
        RenewCertificateRequest r = new RenewCertificateRequest();
        r.setHeader(header(replyTo));
        r.setCertificate(byRequest(requestId));
        Csr csr = new Csr();
        csr.setDer(TestCsrs.csr(TestCsrs.person("علی رضایی", Requests.NATIONAL_CODE), TestCsrs.ec("secp256r1")));
        r.setCsr(csr);
        return r;
    }

    static List<String> groupsWaitingOn(jakarta.jms.ConnectionFactory factory, String queue) throws Exception {
        List<String> groups = new java.util.ArrayList<>();
        try (jakarta.jms.Connection connection = factory.createConnection()) {
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            try (jakarta.jms.QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
                java.util.Enumeration<?> messages = browser.getEnumeration();
                while (messages.hasMoreElements()) {
                    groups.add(((jakarta.jms.Message) messages.nextElement()).getStringProperty("JMSXGroupID"));
                }
            }
        }
        return groups;
    }

    static DeadLetterCommand cli(String... args) {
        return cliAs(Services.ADMIN, args);
    }

    /** Runs the dead-letters command line against this gateway as the given admin. */
    static DeadLetterCommand cliAs(String adminId, String... args) {
        return DeadLetterCommand.run(gateway, adminId, args);
    }

    static String submit(SubmitCertificateRequest request, String replyTo) throws Exception {
        request.getHeader().setReplyTo(replyTo);
        return registration.submitCertificateRequest(request).getRequestId();
    }

    static String issuedOutside() throws Exception {
        SubmitCertificateRequest request =
                Requests.outside(Requests.individual(Requests.newClientRequestId(), TestCsrs.ec("secp256r1")));
        String id = submit(request, null);
        walk.awaitState(id, RequestState.AWAITING_PAYMENT);
        officer.recordPayment(Requests.payment(RunningGateway.REGISTRAR, id, TARIFF));
        walk.vetApproveAndIssue(id);
        return id;
    }

    static CpmisRegistration registrationOf(String id) throws Exception {
        return accounts.getCpmisRegistration(Services.registration(id)).getRegistration();
    }

    static List<DeadLetter> deadLettersOf(String requestId) throws Exception {
        ListDeadLettersRequest list = new ListDeadLettersRequest();
        list.setAdmin(Services.admin(Services.ADMIN));
        return admin.listDeadLetters(list).getDeadLetter().stream()
                .filter(d -> d.getRequestId().equals(requestId))
                .toList();
    }
}
