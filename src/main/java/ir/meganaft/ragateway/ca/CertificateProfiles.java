package ir.meganaft.ragateway.ca;

import ir.meganaft.ragateway.profile.SubjectPolicy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The certificate profiles a CA issues with, by name (issue 17, item 4). The default profile
 * ({@code <prefix>profile.*}) serves a request that names none, or one of its names
 * ({@code <prefix>profile.name}); each named profile ({@code <prefix>profiles.<name>.*}: personal
 * signature, encryption, organization seal, system/TLS client, ...) sets its own key usage, extended
 * key usage, validity and policy, inherits what it leaves out from the default (the CRL and AIA
 * addresses, usually), and says which applicant kinds may have it ({@code applicant-kinds}).
 */
public final class CertificateProfiles {

    /** A profile, the names it answers to, and the applicant kinds it serves (names of request.ApplicantKind). */
    public record Named(String name, Set<String> applicantKinds, CertificateProfile profile) {
        public Named {
            applicantKinds = Set.copyOf(applicantKinds);
        }

        public boolean serves(String applicantKind) {
            return applicantKinds.contains(applicantKind.toUpperCase(Locale.ROOT));
        }
    }

    private static final Set<String> ALL_KINDS = Set.of("INDIVIDUAL", "ORGANIZATION", "REPRESENTATIVE");
    private static final List<String> KEYS = List.of(
            "validity-days",
            "key-usage",
            "extended-key-usage",
            "policy-oid",
            "cps-uri",
            "crl-url",
            "delta-crl-url",
            "ca-issuers-url",
            "ocsp-url",
            "subject-required",
            "subject-optional",
            "alt-names");

    private final Named defaultProfile;
    private final Set<String> defaultNames;
    private final Map<String, Named> named;

    private CertificateProfiles(Named defaultProfile, Set<String> defaultNames, Map<String, Named> named) {
        this.defaultProfile = defaultProfile;
        this.defaultNames = Set.copyOf(defaultNames);
        this.named = Map.copyOf(named);
    }

    /** One profile for every request (a CA with no named profiles). */
    public static CertificateProfiles single(CertificateProfile profile) {
        return new CertificateProfiles(new Named("default", ALL_KINDS, profile), Set.of(), Map.of());
    }

    /**
     * @param setting a setting by its full name
     * @param prefix {@code gateway.} or {@code ca-node.}
     * @param namedKeys every key under {@code <prefix>profiles.}, without that prefix ("seal.key-usage")
     */
    public static CertificateProfiles from(
            Function<String, Optional<String>> setting, String prefix, Set<String> namedKeys) {
        CertificateProfile base = CertificateProfile.from(setting, prefix + "profile.");
        Set<String> defaultNames =
                new TreeSet<>(split(setting.apply(prefix + "profile.name").orElse("")));
        Map<String, Named> named = new LinkedHashMap<>();
        for (String key : namedKeys) {
            int dot = key.indexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException("Setting " + prefix + "profiles." + key + " names no profile");
            }
            String name = key.substring(0, dot);
            String field = key.substring(dot + 1);
            if (!KEYS.contains(field) && !field.equals("applicant-kinds")) {
                throw new IllegalArgumentException(
                        "Setting " + prefix + "profiles." + key + ": unknown profile key " + field);
            }
            named.computeIfAbsent(name, n -> {
                String own = prefix + "profiles." + n + ".";
                Function<String, Optional<String>> inherited = k -> k.startsWith(prefix + "profile.")
                        ? setting.apply(own + k.substring((prefix + "profile.").length()))
                                .filter(v -> !v.isBlank())
                                .or(() -> setting.apply(k))
                        : setting.apply(k);
                CertificateProfile profile = CertificateProfile.from(inherited, prefix + "profile.");
                Set<String> kinds = setting.apply(own + "applicant-kinds")
                        .filter(v -> !v.isBlank())
                        .map(v -> kinds(v, own + "applicant-kinds"))
                        .orElse(ALL_KINDS);
                return new Named(n, kinds, profile);
            });
        }
        return new CertificateProfiles(
                new Named(
                        defaultNames.isEmpty()
                                ? "default"
                                : defaultNames.iterator().next(),
                        ALL_KINDS,
                        base),
                defaultNames,
                named);
    }

    /** The profile a request names; blank (or null) names the default. */
    public Optional<Named> find(String name) {
        if (name == null || name.isBlank() || defaultNames.contains(name.strip())) {
            return Optional.of(defaultProfile);
        }
        return Optional.ofNullable(named.get(name.strip()));
    }

    /** Every name a request may give, for the refusal of an unknown one. */
    public Set<String> names() {
        Set<String> all = new TreeSet<>(defaultNames);
        all.addAll(named.keySet());
        return all;
    }

    /** Each name a request may give, with the applicant kinds its profile serves (for the intake's check). */
    public Map<String, Set<String>> applicantKindsByName() {
        Map<String, Set<String>> all = new LinkedHashMap<>();
        for (String name : defaultNames) {
            all.put(name, defaultProfile.applicantKinds());
        }
        named.forEach((name, profile) -> all.put(name, profile.applicantKinds()));
        return all;
    }

    /**
     * Each name a request may give, and "" for none, with its profile's subject rules (for the intake's
     * check, the same rules the CA applies).
     */
    public Map<String, SubjectPolicy> subjectRulesByName() {
        Map<String, SubjectPolicy> all = new LinkedHashMap<>();
        all.put("", defaultProfile.profile().subject());
        for (String name : defaultNames) {
            all.put(name, defaultProfile.profile().subject());
        }
        named.forEach((name, profile) -> all.put(name, profile.profile().subject()));
        return all;
    }

    private static Set<String> kinds(String value, String key) {
        Set<String> kinds = new TreeSet<>();
        for (String kind : split(value)) {
            String k = kind.toUpperCase(Locale.ROOT);
            if (!ALL_KINDS.contains(k)) {
                throw new IllegalArgumentException(key + " = " + value + ": " + kind + " is not an applicant kind ("
                        + String.join(", ", new TreeSet<>(ALL_KINDS)) + ")");
            }
            kinds.add(k);
        }
        return kinds.isEmpty() ? ALL_KINDS : kinds;
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
