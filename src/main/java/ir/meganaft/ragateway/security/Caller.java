package ir.meganaft.ragateway.security;

import java.util.Set;

/**
 * Who is calling, as established by the client certificate presented in the TLS handshake and the
 * mapping in config/ ({@link Principals}). Never read from a message body: a body identity is
 * only compared with this one.
 */
public sealed interface Caller extends java.security.Principal {

    /** The principal's kind, as the access policy names it. */
    Kind kind();

    /** The id it is configured under: system id, officer id, admin id or relying-party id. */
    String id();

    @Override
    default String getName() {
        return kind().label + " " + id();
    }

    enum Kind {
        SYSTEM("back-office system", "back-office systems"),
        OFFICER("RA officer", "RA officers"),
        ADMIN("integration admin", "integration admins"),
        RELYING_PARTY("relying party", "relying parties");

        final String label;
        final String plural;

        Kind(String label, String plural) {
            this.label = label;
            this.plural = plural;
        }

        public String label() {
            return label;
        }

        public String plural() {
            return plural;
        }
    }

    /**
     * A company's back-office system. {@code visibleSystems} are the systems whose requests and
     * certificates it may see and act on: itself, or every system of its company when configured
     * to act for the whole company.
     */
    record BackOfficeSystem(String id, String company, Set<String> visibleSystems) implements Caller {
        public BackOfficeSystem {
            visibleSystems = Set.copyOf(visibleSystems);
        }

        @Override
        public Kind kind() {
            return Kind.SYSTEM;
        }

        /** Whether a request or certificate of {@code systemId} is this system's to see and act on. */
        public boolean sees(String systemId) {
            return systemId != null && visibleSystems.contains(systemId);
        }
    }

    /** An RA officer and the roles configured for them. */
    record Officer(String id, Set<RaRole> roles) implements Caller {
        public Officer {
            roles = Set.copyOf(roles);
        }

        @Override
        public Kind kind() {
            return Kind.OFFICER;
        }
    }

    /** An integration admin: dead letters and replays. */
    record IntegrationAdmin(String id) implements Caller {
        @Override
        public Kind kind() {
            return Kind.ADMIN;
        }
    }

    /** CPMIS or another system allowed to read certificate status, and nothing else. */
    record RelyingParty(String id) implements Caller {
        @Override
        public Kind kind() {
            return Kind.RELYING_PARTY;
        }
    }

    /** Whether this caller may see and act on what {@code systemId} submitted: officers and relying parties see all. */
    default boolean sees(String systemId) {
        return !(this instanceof BackOfficeSystem s) || s.sees(systemId);
    }
}
