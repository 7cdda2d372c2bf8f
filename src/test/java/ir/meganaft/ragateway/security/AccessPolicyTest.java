package ir.meganaft.ragateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    static final AccessPolicy POLICY = AccessPolicy.standard();
    static final Caller SYSTEM = new Caller.BackOfficeSystem("NIOC-HR", "NIOC", Set.of("NIOC-HR"));
    static final Caller INTAKE = new Caller.Officer("intake-1", Set.of(RaRole.INTAKE_OFFICER));
    static final Caller REGISTRAR = new Caller.Officer("registrar-1", Set.of(RaRole.REGISTRAR));
    static final Caller ADMIN = new Caller.IntegrationAdmin("integration-1");
    static final Caller CPMIS = new Caller.RelyingParty("cpmis");

    @Test
    void every_operation_of_every_served_wsdl_has_exactly_one_rule_and_no_rule_names_an_unknown_operation()
            throws Exception {
        Set<String> served = new TreeSet<>();
        for (String service : new String[] {
            "RegistrationService", "OfficerService", "StatusService", "CpmisAccountService", "AdminService"
        }) {
            String wsdl = Files.readString(Path.of("wsdl", service + ".wsdl"));
            Matcher m = Pattern.compile("<wsdl:operation name=\"([^\"]+)\"").matcher(wsdl);
            while (m.find()) {
                served.add(service + "/" + m.group(1));
            }
        }
        assertThat(new TreeSet<>(POLICY.operations())).isEqualTo(served);
    }

    @Test
    void each_kind_of_principal_reaches_its_own_operations_only() {
        assertThatCode(() -> POLICY.authorize(SYSTEM, "RegistrationService", "submitCertificateRequest"))
                .doesNotThrowAnyException();
        assertThatCode(() -> POLICY.authorize(CPMIS, "StatusService", "checkCertificateStatus"))
                .doesNotThrowAnyException();
        assertThatCode(() -> POLICY.authorize(ADMIN, "AdminService", "replayDeadLetters"))
                .doesNotThrowAnyException();
        assertThatCode(() -> POLICY.authorize(REGISTRAR, "OfficerService", "approveRequest"))
                .doesNotThrowAnyException();
        assertThat(refused(SYSTEM, "OfficerService", "approveRequest"))
                .contains("RA officers with one of the roles [REGISTRAR]")
                .contains("the caller is back-office system NIOC-HR");
        assertThat(refused(INTAKE, "OfficerService", "approveRequest")).contains("REGISTRAR");
        assertThat(refused(CPMIS, "RegistrationService", "getRequestStatus")).contains("back-office systems");
        assertThat(refused(ADMIN, "StatusService", "findCertificates")).isNotEmpty();
        assertThat(refused(REGISTRAR, "AdminService", "listDeadLetters")).contains("integration admins");
        assertThatThrownBy(() -> POLICY.authorize(SYSTEM, "RegistrationService", "deleteEverything"))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.UNKNOWN_OPERATION));
    }

    private static String refused(Caller caller, String service, String operation) {
        try {
            POLICY.authorize(caller, service, operation);
        } catch (GatewayException e) {
            assertThat(e.code()).isEqualTo(FaultCode.NOT_AUTHORIZED);
            return e.getMessage();
        }
        throw new AssertionError(caller + " may call " + operation);
    }
}
