package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.ApplicantKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which documents each applicant kind must and may bring, read from config/
 * ({@code gateway.documents.<kind>.required / optional}). A requirement is a comma-separated
 * item; {@code A|B} means either; {@code HOLDER:TYPE} names whose document it must be (APPLICANT,
 * REPRESENTATIVE, ORGANIZATION), plain {@code TYPE} accepts anyone's. A document that has expired
 * does not count.
 */
public final class DocumentRequirements {

    /** A submitted document as far as the requirements care. */
    public record Submitted(String type, String holder, LocalDate expiryDate) {}

    record Alternative(String holder, String type) {
        boolean matches(Submitted d, String defaultHolder) {
            if (!type.equals(d.type())) {
                return false;
            }
            String actual = d.holder() == null ? defaultHolder : d.holder();
            return holder == null || holder.equals(actual);
        }

        String describe() {
            return holder == null ? type : holder + ":" + type;
        }
    }

    record Requirement(List<Alternative> anyOf) {
        boolean matches(Submitted d, String defaultHolder) {
            return anyOf.stream().anyMatch(a -> a.matches(d, defaultHolder));
        }

        String describe() {
            return String.join(" or ", anyOf.stream().map(Alternative::describe).toList());
        }
    }

    private final Map<ApplicantKind, List<Requirement>> required;
    private final Map<ApplicantKind, List<Requirement>> optional;

    DocumentRequirements(
            Map<ApplicantKind, List<Requirement>> required, Map<ApplicantKind, List<Requirement>> optional) {
        this.required = required;
        this.optional = optional;
    }

    /** Reads {@code "<kind>.required" / "<kind>.optional" -> list} (kinds in lower case). */
    public static DocumentRequirements fromSettings(Map<String, String> settings) {
        Map<ApplicantKind, List<Requirement>> required = new EnumMap<>(ApplicantKind.class);
        Map<ApplicantKind, List<Requirement>> optional = new EnumMap<>(ApplicantKind.class);
        for (ApplicantKind kind : ApplicantKind.values()) {
            String prefix = kind.name().toLowerCase(Locale.ROOT);
            String requiredList = settings.get(prefix + ".required");
            if (requiredList == null) {
                throw new IllegalStateException("config/ lacks gateway.documents." + prefix + ".required");
            }
            required.put(kind, parse(requiredList));
            optional.put(kind, parse(settings.getOrDefault(prefix + ".optional", "")));
        }
        return new DocumentRequirements(required, optional);
    }

    private static List<Requirement> parse(String list) {
        List<Requirement> out = new ArrayList<>();
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            List<Alternative> anyOf = Arrays.stream(item.split("\\|"))
                    .map(String::trim)
                    .map(alternative -> {
                        String[] parts = alternative.toUpperCase(Locale.ROOT).split(":");
                        return parts.length == 2
                                ? new Alternative(parts[0], parts[1])
                                : new Alternative(null, parts[0]);
                    })
                    .toList();
            out.add(new Requirement(anyOf));
        }
        return List.copyOf(out);
    }

    /**
     * Each required document that is missing or has expired, described for the caller; empty when
     * complete. Each document stands for one requirement only (a matching of requirements to
     * documents), so one national card never covers two holders' requirements, whatever the config.
     */
    public List<String> missing(ApplicantKind kind, List<Submitted> documents, LocalDate today) {
        String defaultHolder = defaultHolder(kind);
        List<Requirement> requirements = required.get(kind);
        List<Submitted> valid = documents.stream()
                .filter(d -> d.expiryDate() == null || !d.expiryDate().isBefore(today))
                .toList();
        int[] coveredBy = new int[valid.size()];
        java.util.Arrays.fill(coveredBy, -1);
        List<String> missing = new ArrayList<>();
        for (int r = 0; r < requirements.size(); r++) {
            if (!cover(r, requirements, valid, defaultHolder, coveredBy, new boolean[valid.size()])) {
                Requirement requirement = requirements.get(r);
                LocalDate expired = documents.stream()
                        .filter(d -> requirement.matches(d, defaultHolder))
                        .map(Submitted::expiryDate)
                        .filter(e -> e != null && e.isBefore(today))
                        .max(LocalDate::compareTo)
                        .orElse(null);
                missing.add(requirement.describe() + (expired == null ? "" : " (expired " + expired + ")"));
            }
        }
        return missing;
    }

    /** Kuhn's augmenting path: finds requirement r a document, moving earlier requirements to others if need be. */
    private static boolean cover(
            int r,
            List<Requirement> requirements,
            List<Submitted> documents,
            String defaultHolder,
            int[] coveredBy,
            boolean[] seen) {
        for (int d = 0; d < documents.size(); d++) {
            if (seen[d] || !requirements.get(r).matches(documents.get(d), defaultHolder)) {
                continue;
            }
            seen[d] = true;
            if (coveredBy[d] < 0 || cover(coveredBy[d], requirements, documents, defaultHolder, coveredBy, seen)) {
                coveredBy[d] = r;
                return true;
            }
        }
        return false;
    }

    /** A document a check names: its type and, when the caller said so, its holder. */
    public record Named(String type, String holder) {}

    /**
     * The documents on file that a check names, each with its holder, in the order named (each once).
     * A named document must be on file with that type and holder; without a holder its type must be
     * on file for one holder only, whose document it then names. A document sent without a holder is
     * the applicant's (the organization's, for an ORGANIZATION request), as {@link #missing} counts it.
     * Otherwise UNKNOWN_DOCUMENT, {@code field} saying which {@code checkedDocument[n]}.
     */
    public List<Submitted> onFile(ApplicantKind kind, List<Named> named, List<Submitted> onFile, String requestId) {
        String defaultHolder = defaultHolder(kind);
        Map<String, Submitted> checked = new LinkedHashMap<>();
        for (int i = 0; i < named.size(); i++) {
            Named n = named.get(i);
            String field = "checkedDocument[" + (i + 1) + "]";
            List<Submitted> ofType =
                    onFile.stream().filter(d -> d.type().equals(n.type())).toList();
            Set<String> holders = new TreeSet<>();
            ofType.forEach(d -> holders.add(holderOf(d, defaultHolder)));
            String holder = n.holder();
            if (holder == null && holders.size() > 1) {
                throw unknown(
                        "The request carries a " + n.type() + " of each of " + String.join(", ", holders)
                                + "; say whose was checked (checkedDocument/@holder)",
                        field,
                        requestId);
            }
            if (holder == null && holders.size() == 1) {
                holder = holders.iterator().next();
            }
            if (holder == null || !holders.contains(holder)) {
                throw unknown(
                        "The request carries no " + (holder == null ? n.type() : holder + ":" + n.type())
                                + "; a document check names only documents on file: "
                                + describeAll(onFile, defaultHolder),
                        field,
                        requestId);
            }
            String h = holder;
            LocalDate expiry = ofType.stream()
                    .filter(d -> h.equals(holderOf(d, defaultHolder)))
                    .map(Submitted::expiryDate)
                    .filter(java.util.Objects::nonNull)
                    .max(LocalDate::compareTo)
                    .orElse(null);
            boolean undated =
                    ofType.stream().anyMatch(d -> h.equals(holderOf(d, defaultHolder)) && d.expiryDate() == null);
            checked.putIfAbsent(h + ":" + n.type(), new Submitted(n.type(), h, undated ? null : expiry));
        }
        return List.copyOf(checked.values());
    }

    /**
     * The required documents a check of these documents (from {@link #onFile}) leaves out, per holder:
     * the applicant's national card does not stand for the representative's. An expired one does not count.
     */
    public List<String> uncheckedRequirements(ApplicantKind kind, List<Submitted> checked, LocalDate today) {
        return missing(kind, checked, today);
    }

    /** HOLDER:TYPE of a document, as evidence and faults name it. */
    public static String describe(Submitted d) {
        return d.holder() + ":" + d.type();
    }

    private static String describeAll(List<Submitted> onFile, String defaultHolder) {
        return onFile.isEmpty()
                ? "none"
                : String.join(
                        ", ",
                        onFile.stream()
                                .map(d -> holderOf(d, defaultHolder) + ":" + d.type())
                                .distinct()
                                .toList());
    }

    private static String holderOf(Submitted d, String defaultHolder) {
        return d.holder() == null ? defaultHolder : d.holder();
    }

    private static String defaultHolder(ApplicantKind kind) {
        return kind == ApplicantKind.ORGANIZATION ? "ORGANIZATION" : "APPLICANT";
    }

    private static GatewayException unknown(String message, String field, String requestId) {
        return new GatewayException(FaultCode.UNKNOWN_DOCUMENT, message, field, requestId);
    }

    /** The requirements of a kind, for people: required first, then optional ones marked so. */
    public List<String> describe(ApplicantKind kind) {
        List<String> out = new ArrayList<>();
        required.get(kind).forEach(r -> out.add(r.describe()));
        optional.get(kind).forEach(r -> out.add(r.describe() + " (optional)"));
        return out;
    }
}
