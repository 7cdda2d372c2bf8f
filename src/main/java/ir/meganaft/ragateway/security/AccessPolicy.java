package ir.meganaft.ragateway.security;

import static ir.meganaft.ragateway.security.Caller.Kind.ADMIN;
import static ir.meganaft.ragateway.security.Caller.Kind.OFFICER;
import static ir.meganaft.ragateway.security.Caller.Kind.RELYING_PARTY;
import static ir.meganaft.ragateway.security.Caller.Kind.SYSTEM;
import static ir.meganaft.ragateway.security.RaRole.ARCHIVIST;
import static ir.meganaft.ragateway.security.RaRole.COMPLIANCE_OFFICER;
import static ir.meganaft.ragateway.security.RaRole.INTAKE_OFFICER;
import static ir.meganaft.ragateway.security.RaRole.PUBLISHER;
import static ir.meganaft.ragateway.security.RaRole.REGISTRAR;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which principal may call which operation: the one table the SOAP edge consults before any
 * domain call. Officers are further limited to the RA roles of docs/domain.md; a rule with no
 * roles admits any officer. What a back-office system may see within an operation (its own
 * requests and certificates) is tenancy, decided by the domain with the {@link Caller}.
 */
public final class AccessPolicy {
    /** The kinds of principal an operation admits, and for officers the roles (none listed: any officer). */
    public record Rule(Set<Caller.Kind> kinds, Set<RaRole> roles) {
        public Rule {
            kinds = Set.copyOf(kinds);
            roles = Set.copyOf(roles);
        }

        public boolean admits(Caller caller) {
            if (!kinds.contains(caller.kind())) {
                return false;
            }
            return !(caller instanceof Caller.Officer o)
                    || roles.isEmpty()
                    || o.roles().stream().anyMatch(roles::contains);
        }
    }

    private final Map<String, Rule> rules;

    private AccessPolicy(Map<String, Rule> rules) {
        this.rules = Map.copyOf(rules);
    }

    /** The gateway's policy: one rule per operation of every SOAP service it serves. */
    public static AccessPolicy standard() {
        Map<String, Rule> r = new LinkedHashMap<>();
        Rule systems = rule(Set.of(SYSTEM));
        Rule anyone = rule(EnumSet.allOf(Caller.Kind.class));
        for (String op : List.of(
                "submitCertificateRequest",
                "getRequestStatus",
                "getCertificate",
                "revokeCertificate",
                "renewCertificate")) {
            r.put("RegistrationService/" + op, systems);
        }
        r.put("RegistrationService/getCaCertificates", anyone);
        r.put("RegistrationService/getLatestCrl", anyone);

        r.put("OfficerService/listPendingRequests", rule(Set.of(OFFICER)));
        r.put("OfficerService/recordIdentityCheck", rule(Set.of(OFFICER), INTAKE_OFFICER));
        r.put("OfficerService/recordDocumentCheck", rule(Set.of(OFFICER), COMPLIANCE_OFFICER));
        r.put("OfficerService/recordPayment", rule(Set.of(OFFICER), REGISTRAR, INTAKE_OFFICER));
        r.put("OfficerService/approveRequest", rule(Set.of(OFFICER), REGISTRAR));
        r.put("OfficerService/rejectRequest", rule(Set.of(OFFICER), INTAKE_OFFICER, COMPLIANCE_OFFICER, REGISTRAR));
        r.put("OfficerService/recordDelivery", rule(Set.of(OFFICER), REGISTRAR));
        r.put("OfficerService/listEvidence", rule(Set.of(OFFICER), ARCHIVIST, INTAKE_OFFICER, COMPLIANCE_OFFICER));
        r.put("OfficerService/getEvidenceFile", rule(Set.of(OFFICER), ARCHIVIST, INTAKE_OFFICER, COMPLIANCE_OFFICER));
        r.put("OfficerService/revokeByRa", rule(Set.of(OFFICER), REGISTRAR));
        r.put("OfficerService/releaseCertificateHold", rule(Set.of(OFFICER), REGISTRAR));
        r.put("OfficerService/listCrlTargets", rule(Set.of(OFFICER), PUBLISHER));

        r.put("StatusService/checkCertificateStatus", rule(Set.of(RELYING_PARTY, SYSTEM, OFFICER)));
        r.put("StatusService/findCertificates", rule(Set.of(RELYING_PARTY, SYSTEM, OFFICER)));

        // inside the industry the system that sent the request supplies the CPMIS account; outside, a registrar
        r.put("CpmisAccountService/recordCpmisAccount", rule(Set.of(SYSTEM, OFFICER), REGISTRAR));
        r.put("CpmisAccountService/getCpmisRegistration", rule(Set.of(SYSTEM, OFFICER)));

        r.put("AdminService/listDeadLetters", rule(Set.of(ADMIN)));
        r.put("AdminService/replayDeadLetters", rule(Set.of(ADMIN)));
        for (String op :
                List.of("purgeDeadLetters", "listStalledRequests", "requeueStalledRequests", "publishCrl", "pushCrl")) {
            r.put("AdminService/" + op, rule(Set.of(ADMIN)));
        }
        // version 1.3: the broker's catch-all queues, DLQ and ExpiryQueue
        for (String op : List.of(
                "listCatchAllDeadLetters",
                "showCatchAllDeadLetter",
                "replayCatchAllDeadLetters",
                "purgeCatchAllDeadLetters")) {
            r.put("AdminService/" + op, rule(Set.of(ADMIN)));
        }
        return new AccessPolicy(r);
    }

    /**
     * Refuses a caller the operation does not admit.
     *
     * @throws GatewayException NOT_AUTHORIZED, or UNKNOWN_OPERATION for an operation with no rule (none is open by default)
     */
    public void authorize(Caller caller, String service, String operation) {
        Rule rule = rules.get(service + "/" + operation);
        if (rule == null) {
            throw new GatewayException(FaultCode.UNKNOWN_OPERATION, "No operation " + operation + " here", null, null);
        }
        if (!rule.admits(caller)) {
            java.util.List<String> who = new java.util.ArrayList<>();
            for (Caller.Kind kind : new java.util.TreeSet<>(rule.kinds())) {
                who.add(
                        kind == OFFICER && !rule.roles().isEmpty()
                                ? "RA officers with one of the roles "
                                        + rule.roles().stream().sorted().toList()
                                : kind.plural());
            }
            String needs = String.join(" or ", who);
            throw new GatewayException(
                    FaultCode.NOT_AUTHORIZED,
                    operation + " is for " + needs + "; the caller is " + caller.getName(),
                    null,
                    null);
        }
    }

    /** Every operation with a rule, as service/operation. */
    public Set<String> operations() {
        return rules.keySet();
    }

    public Rule rule(String service, String operation) {
        return rules.get(service + "/" + operation);
    }

    private static Rule rule(Set<Caller.Kind> kinds, RaRole... roles) {
        return new Rule(kinds, roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles));
    }
}
