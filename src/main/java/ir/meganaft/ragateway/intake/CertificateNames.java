package ir.meganaft.ragateway.intake;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.identity.PersianText;
import ir.meganaft.ragateway.issuance.SubjectBuilder;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.ChannelDetails;
import java.text.Normalizer;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Text fit for a certificate and for the evidence: the one home of the rules for names and other
 * text a caller sends (issue 13). Every value is put in Unicode NFC, then refused ({@code
 * INVALID_NAME}, with the field) when it holds a control or format character (C0, C1, bidi
 * overrides and isolates, LRM/RLM, zero-width characters, BOM, line separators, private-use or
 * unassigned code points), markup, or nothing but white space. ZWNJ (U+200C, نیم‌فاصله) is part of
 * Persian spelling and allowed everywhere except in a Latin field. A Latin field holds Latin letters
 * plus digits, space and {@code . , ' ’ - & ( ) /}: a Cyrillic or Greek look-alike is refused.
 * Names then get the Persian folding of {@link PersianText#normalize}. Finally the subject the
 * certificate will carry ({@link SubjectBuilder}) is built and each attribute held to its X.520
 * upper bound ({@code NAME_TOO_LONG}), so CN = "given name surname" is checked as composed.
 */
public final class CertificateNames {
    /** ub-common-name, ub-organization-name, ub-organizational-unit-name, ub-serial-number; RFC 5280 profiles' 64 for names. */
    static final int UPPER_BOUND = 64;

    private static final Map<ASN1ObjectIdentifier, Integer> BOUNDS = Map.of(
            BCStyle.C,
            2,
            BCStyle.CN,
            UPPER_BOUND,
            BCStyle.O,
            UPPER_BOUND,
            BCStyle.OU,
            UPPER_BOUND,
            BCStyle.GIVENNAME,
            UPPER_BOUND,
            BCStyle.SURNAME,
            UPPER_BOUND,
            BCStyle.SERIALNUMBER,
            UPPER_BOUND,
            BCStyle.ORGANIZATION_IDENTIFIER,
            UPPER_BOUND);
    private static final int ZWNJ = 0x200C;

    /** How a field is read. */
    public enum Kind {
        /** A name in Persian (or any) script, one line: folded by {@link PersianText#normalize}. */
        NAME,
        /** A name in Latin script only, one line. */
        LATIN_NAME,
        /** Free text (remarks, terms, descriptions): line breaks and tabs allowed, kept as written (NFC). */
        FREE_TEXT
    }

    private CertificateNames() {}

    /** A Persian-script (or any-script) name field, normalized; null stays null. */
    public static String name(String value, String field) {
        return text(value, field, Kind.NAME);
    }

    /** A {@code *Latin} field, normalized; null stays null. */
    public static String latinName(String value, String field) {
        return text(value, field, Kind.LATIN_NAME);
    }

    /** A free-text field in NFC; null stays null. */
    public static String freeText(String value, String field) {
        return text(value, field, Kind.FREE_TEXT);
    }

    /** The value in its stored form, or a GatewayException naming the field. */
    public static String text(String value, String field, Kind kind) {
        if (value == null) {
            return null;
        }
        String nfc = Normalizer.normalize(value, Normalizer.Form.NFC);
        characters(nfc, field, kind);
        if (blank(nfc)) {
            throw invalid(field, "is empty or only white space");
        }
        if (kind == Kind.FREE_TEXT) {
            return nfc;
        }
        String normalized = PersianText.normalize(nfc);
        if (kind == Kind.LATIN_NAME) {
            latin(normalized, field);
        }
        return normalized;
    }

    /**
     * Holds the subject the certificate will carry to X.520's upper bounds and to the character
     * rules, for data already stored (a renewal reuses the vetted applicant) as well as new data.
     */
    public static void requireFitForCertificate(Applicant a, ChannelDetails channel) {
        X500Name subject = new SubjectBuilder().subjectOf(a, channel);
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                ASN1ObjectIdentifier type = atv.getType();
                String value = ((ASN1String) atv.getValue()).getString();
                String field = fieldOf(type, a);
                characters(value, field, Kind.NAME);
                if (blank(value)) {
                    throw invalid(field, "is empty or only white space");
                }
                int bound = BOUNDS.getOrDefault(type, UPPER_BOUND);
                int length = value.codePointCount(0, value.length());
                if (length > bound) {
                    String name = BCStyle.INSTANCE.oidToDisplayName(type);
                    throw new GatewayException(
                            FaultCode.NAME_TOO_LONG,
                            "The certificate's " + name + " would be "
                                    + length + " characters (\"" + value.substring(0, value.offsetByCodePoints(0, 20))
                                    + "...\"); X.520 allows at most " + bound + ": shorten " + field,
                            field,
                            null);
                }
            }
        }
    }

    /** The request field(s) an attribute of the subject comes from, as SubjectBuilder composes it. */
    static String fieldOf(ASN1ObjectIdentifier type, Applicant a) {
        boolean organization = a.kind() == ApplicantKind.ORGANIZATION;
        if (type.equals(BCStyle.CN)) {
            return organization
                    ? "applicant/organization/name"
                    : "applicant/person/givenName, applicant/person/surname";
        }
        if (type.equals(BCStyle.O)) {
            return organization
                    ? "applicant/organization/name"
                    : a.organizationName() != null
                            ? "applicant/employment/organizationName"
                            : "channel/inside/companyName";
        }
        if (type.equals(BCStyle.OU)) {
            return organization
                    ? "applicant/organization/organizationalUnit"
                    : "applicant/employment/organizationalUnit";
        }
        if (type.equals(BCStyle.GIVENNAME)) {
            return "applicant/person/givenName";
        }
        if (type.equals(BCStyle.SURNAME)) {
            return "applicant/person/surname";
        }
        if (type.equals(BCStyle.SERIALNUMBER)) {
            return "applicant/person/nationalCode";
        }
        if (type.equals(BCStyle.ORGANIZATION_IDENTIFIER)) {
            return "applicant/organization/legalId";
        }
        return "applicant";
    }

    private static void characters(String text, String field, Kind kind) {
        int previous = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!allowed(cp, kind)) {
                throw invalid(field, "holds " + describe(cp) + ", which a certificate or record must not carry");
            }
            if (kind != Kind.FREE_TEXT
                    ? cp == '<' || cp == '>'
                    : previous == '<' && (Character.isLetter(cp) || cp == '/' || cp == '!' || cp == '?')) {
                throw invalid(field, "holds markup (" + (kind == Kind.FREE_TEXT ? "a tag" : "< or >") + ")");
            }
            previous = cp;
        }
    }

    private static boolean allowed(int cp, Kind kind) {
        if (kind == Kind.FREE_TEXT && (cp == '\n' || cp == '\r' || cp == '\t')) {
            return true;
        }
        if (cp == ZWNJ) {
            return kind != Kind.LATIN_NAME;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.UNASSIGNED,
                    Character.PRIVATE_USE,
                    Character.SURROGATE,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> cp != 0xFFFD;
        };
    }

    private static void latin(String text, String field) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            boolean ok = script == Character.UnicodeScript.LATIN && Character.isLetter(cp)
                    || script == Character.UnicodeScript.INHERITED
                            && Character.getType(cp) == Character.NON_SPACING_MARK
                    || cp >= '0' && cp <= '9'
                    || " .,'-&()/\u2019".indexOf(cp) >= 0;
            if (!ok) {
                throw invalid(
                        field,
                        "is a Latin field but holds " + describe(cp) + " (script " + script
                                + "); only Latin letters, digits, space and . , ' - & ( ) / are allowed");
            }
        }
    }

    private static boolean blank(String text) {
        return text.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == ZWNJ);
    }

    private static String describe(int cp) {
        String name = Character.getName(cp);
        return String.format("U+%04X%s", cp, name == null ? "" : " " + name);
    }

    private static GatewayException invalid(String field, String why) {
        return new GatewayException(FaultCode.INVALID_NAME, "Invalid text in " + field + ": it " + why, field, null);
    }
}
