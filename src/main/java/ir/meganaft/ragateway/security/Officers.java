package ir.meganaft.ragateway.security;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who the RA officers are and which roles each holds ({@code gateway.officers.<id> = ROLE, ROLE}
 * in config/). How officers prove who they are is a later (security) feature; here every call
 * names its officer and the gateway enforces the role.
 */
public final class Officers {
    private final Map<String, Set<RaRole>> roles;

    public Officers(Map<String, Set<RaRole>> roles) {
        this.roles = Map.copyOf(roles);
    }

    /** Reads {@code <officer id> -> "ROLE, ROLE"}. */
    public static Officers fromSettings(Map<String, String> settings) {
        Map<String, Set<RaRole>> roles = new TreeMap<>();
        settings.forEach((officer, list) -> {
            Set<RaRole> set = EnumSet.noneOf(RaRole.class);
            Arrays.stream(list.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(name -> set.add(RaRole.valueOf(name.toUpperCase(Locale.ROOT))));
            roles.put(officer, set);
        });
        return new Officers(roles);
    }

    /**
     * The first of {@code allowed} that the officer holds.
     *
     * @throws GatewayException NOT_AUTHORIZED when the officer is unknown or holds none of them
     */
    public RaRole require(String officerId, RaRole... allowed) {
        Set<RaRole> held = roles.get(officerId);
        if (held == null) {
            throw new GatewayException(
                    FaultCode.NOT_AUTHORIZED,
                    "Officer " + officerId + " is not a registered RA officer",
                    "officer/officerId",
                    null);
        }
        for (RaRole role : allowed) {
            if (held.contains(role)) {
                return role;
            }
        }
        throw new GatewayException(
                FaultCode.NOT_AUTHORIZED,
                "Officer " + officerId + " holds " + held + " but this needs "
                        + (allowed.length == 1 ? "the role " + allowed[0] : "one of the roles " + List.of(allowed)),
                "officer/officerId",
                null);
    }

    public Set<RaRole> rolesOf(String officerId) {
        return roles.getOrDefault(officerId, Set.of());
    }
}
