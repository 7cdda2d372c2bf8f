package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.request.ApplicantKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which documents each applicant kind must and may bring, read from config/
 * ({@code gateway.documents.<kind>.required / optional}). A requirement is a comma-separated
 * item; {@code A|B} means either; {@code HOLDER:TYPE} names whose document it must be (APPLICANT,
 * REPRESENTATIVE, ORGANIZATION), plain {@code TYPE} accepts anyone's. A document that has expired
 * does not count.
 */
public final class DocumentRequirements {

    /** A submitted document as far as the requirements care. */
    public record Submitted(String type, String holder, LocalDate expiryDate) {
    }

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
        String describe() {
            return String.join(" or ", anyOf.stream().map(Alternative::describe).toList());
        }
    }

    private final Map<ApplicantKind, List<Requirement>> required;
    private final Map<ApplicantKind, List<Requirement>> optional;

    DocumentRequirements(Map<ApplicantKind, List<Requirement>> required, Map<ApplicantKind, List<Requirement>> optional) {
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
            List<Alternative> anyOf = Arrays.stream(item.split("\\|")).map(String::trim).map(alternative -> {
                String[] parts = alternative.toUpperCase(Locale.ROOT).split(":");
                return parts.length == 2 ? new Alternative(parts[0], parts[1]) : new Alternative(null, parts[0]);
            }).toList();
            out.add(new Requirement(anyOf));
        }
        return List.copyOf(out);
    }

    /** Each required document that is missing or has expired, described for the caller; empty when complete. */
    public List<String> missing(ApplicantKind kind, List<Submitted> documents, LocalDate today) {
        String defaultHolder = kind == ApplicantKind.ORGANIZATION ? "ORGANIZATION" : "APPLICANT";
        List<String> missing = new ArrayList<>();
        for (Requirement requirement : required.get(kind)) {
            boolean present = false;
            LocalDate expired = null;
            for (Submitted d : documents) {
                if (requirement.anyOf().stream().anyMatch(a -> a.matches(d, defaultHolder))) {
                    if (d.expiryDate() != null && d.expiryDate().isBefore(today)) {
                        expired = d.expiryDate();
                    } else {
                        present = true;
                    }
                }
            }
            if (!present) {
                missing.add(requirement.describe() + (expired == null ? "" : " (expired " + expired + ")"));
            }
        }
        return missing;
    }

    /**
     * The required documents a check of these document types leaves out: each requirement needs one
     * of its types checked.
     */
    public List<String> uncheckedRequirements(ApplicantKind kind, java.util.Collection<String> checkedTypes) {
        List<String> unchecked = new ArrayList<>();
        for (Requirement requirement : required.get(kind)) {
            if (requirement.anyOf().stream().noneMatch(a -> checkedTypes.contains(a.type()))) {
                unchecked.add(requirement.describe());
            }
        }
        return unchecked;
    }

    /** The requirements of a kind, for people: required first, then optional ones marked so. */
    public List<String> describe(ApplicantKind kind) {
        List<String> out = new ArrayList<>();
        required.get(kind).forEach(r -> out.add(r.describe()));
        optional.get(kind).forEach(r -> out.add(r.describe() + " (optional)"));
        return out;
    }
}
