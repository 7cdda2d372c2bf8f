package ir.meganaft.ragateway.security;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The principals configured in config/, each with the client certificate it is known by
 * ({@link CertificateMatch}):
 * <pre>
 * gateway.systems.&lt;system id&gt;.company     = the oil company it serves (legal ID or short name)
 * gateway.systems.&lt;system id&gt;.certificate = sha256:... | subject:... | san:...
 * gateway.systems.&lt;system id&gt;.sees        = own (default) | company
 * gateway.officers.&lt;officer id&gt;.roles       = INTAKE_OFFICER, REGISTRAR, ...
 * gateway.officers.&lt;officer id&gt;.certificate = ...
 * gateway.admins.&lt;admin id&gt;.certificate      = ...
 * gateway.relying-parties.&lt;id&gt;.certificate  = ...
 * </pre>
 * A mistake here stops the start with a message naming the setting: an unknown key, a principal
 * without a certificate, two principals mapped the same way.
 */
public final class Principals {
    /** One configured principal and the certificate mapping that names it. */
    public record Entry(Caller caller, CertificateMatch match, String setting) {}

    private final List<Entry> entries;

    public Principals(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        Map<CertificateMatch, String> seen = new HashMap<>();
        for (Entry e : entries) {
            String earlier = seen.putIfAbsent(e.match(), e.setting());
            if (earlier != null) {
                throw new IllegalArgumentException(e.setting() + " maps the same certificate as " + earlier
                        + ": each certificate must name exactly one principal");
            }
        }
    }

    /** Reads the four groups of settings, each with its prefix (gateway.systems. and so on) taken off the keys. */
    public static Principals fromSettings(
            Map<String, String> systems,
            Map<String, String> officers,
            Map<String, String> admins,
            Map<String, String> relyingParties) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Map<String, String>> systemsById =
                byId("gateway.systems.", systems, Set.of("company", "certificate", "sees"));
        Map<String, Set<String>> systemsByCompany = new HashMap<>();
        systemsById.forEach((id, s) -> systemsByCompany
                .computeIfAbsent(required("gateway.systems.", id, s, "company"), c -> new TreeSet<>())
                .add(id));
        systemsById.forEach((id, s) -> {
            String company = s.get("company");
            String sees = s.getOrDefault("sees", "own").strip().toLowerCase(Locale.ROOT);
            Set<String> visible = switch (sees) {
                case "own" -> Set.of(id);
                case "company" -> systemsByCompany.get(company);
                default ->
                    throw new IllegalArgumentException(
                            "gateway.systems." + id + ".sees must be own or company, not '" + sees + "'");
            };
            entries.add(entry("gateway.systems.", id, s, new Caller.BackOfficeSystem(id, company, visible)));
        });
        byId("gateway.officers.", officers, Set.of("roles", "certificate")).forEach((id, s) -> {
            Set<RaRole> roles = EnumSet.noneOf(RaRole.class);
            for (String name : required("gateway.officers.", id, s, "roles").split(",")) {
                if (!name.isBlank()) {
                    try {
                        roles.add(RaRole.valueOf(name.strip().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("gateway.officers." + id + ".roles: no role " + name.strip()
                                + "; roles are " + Arrays.toString(RaRole.values()));
                    }
                }
            }
            entries.add(entry("gateway.officers.", id, s, new Caller.Officer(id, roles)));
        });
        byId("gateway.admins.", admins, Set.of("certificate"))
                .forEach((id, s) -> entries.add(entry("gateway.admins.", id, s, new Caller.IntegrationAdmin(id))));
        byId("gateway.relying-parties.", relyingParties, Set.of("certificate"))
                .forEach((id, s) -> entries.add(entry("gateway.relying-parties.", id, s, new Caller.RelyingParty(id))));
        return new Principals(entries);
    }

    /**
     * The principal a certificate names: the most specific mapping that matches (fingerprint, then
     * subject, then SAN). Empty when none does.
     *
     * @throws IllegalStateException when two mappings of the same precedence match (a configuration
     *         mistake that start-up cannot see: one certificate carrying two mapped SAN values)
     */
    public Optional<Caller> callerFor(X509Certificate certificate) {
        List<Entry> matching = entries.stream()
                .filter(e -> e.match().matches(certificate))
                .sorted(Comparator.comparingInt(e -> e.match().precedence()))
                .toList();
        if (matching.size() > 1
                && matching.get(0).match().precedence()
                        == matching.get(1).match().precedence()) {
            throw new IllegalStateException("The certificate matches both "
                    + matching.get(0).setting() + " and " + matching.get(1).setting());
        }
        return matching.stream().findFirst().map(Entry::caller);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The configured officers and their roles. */
    public Officers officers() {
        Map<String, Set<RaRole>> roles = new TreeMap<>();
        entries.stream()
                .map(Entry::caller)
                .filter(c -> c instanceof Caller.Officer)
                .map(c -> (Caller.Officer) c)
                .forEach(o -> roles.put(o.id(), o.roles()));
        return new Officers(roles);
    }

    /** The configured principals of one kind, by id. */
    public <T extends Caller> Map<String, T> ofKind(Class<T> kind) {
        Map<String, T> out = new TreeMap<>();
        entries.stream()
                .map(Entry::caller)
                .filter(kind::isInstance)
                .map(kind::cast)
                .forEach(c -> out.put(c.id(), c));
        return out;
    }

    private static Entry entry(String prefix, String id, Map<String, String> settings, Caller caller) {
        String setting = prefix + id + ".certificate";
        return new Entry(caller, CertificateMatch.parse(required(prefix, id, settings, "certificate")), setting);
    }

    private static String required(String prefix, String id, Map<String, String> settings, String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(prefix + id + "." + key + " is missing");
        }
        return value.strip();
    }

    /** {@code <id>.<key> = value} grouped by id; any other key shape stops the start. */
    private static Map<String, Map<String, String>> byId(
            String prefix, Map<String, String> settings, Set<String> keys) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        settings.forEach((key, value) -> {
            int dot = key.lastIndexOf('.');
            String id = dot < 0 ? "" : key.substring(0, dot);
            String name = dot < 0 ? key : key.substring(dot + 1);
            if (id.isEmpty() || !keys.contains(name)) {
                throw new IllegalArgumentException("Setting " + prefix + key + " is not understood: expected " + prefix
                        + "<id>." + String.join(" | ", new TreeSet<>(keys)));
            }
            out.computeIfAbsent(id, k -> new HashMap<>()).put(name, value);
        });
        return out;
    }
}
