package ir.meganaft.ragateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.ChannelDetails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateNamesTest {
    private static final String FIELD = "applicant/person/givenName";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain Persian name           | علی                     | علی
            ZWNJ in a Persian name       | محمد\u200cرضا            | محمد\u200cرضا
            ZWNJ in a Persian surname    | ابراهیم\u200cزاده          | ابراهیم\u200cزاده
            Arabic yeh and kaf folded    | علي كريمي               | علی کریمی
            decomposed letters to NFC    | Rene\u0301              | Ren\u00e9
            spaces collapsed and trimmed | '  شرکت   ملی  '        | شرکت ملی
            Latin text in a name field   | Ali                     | Ali
            """)
    void accepts_and_normalizes_names(String what, String sent, String stored) {
        assertThat(CertificateNames.name(sent, FIELD)).isEqualTo(stored);
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(
            strings = {
                "202E", "202A", "202B", "202C", "202D", "2066", "2067", "2068", "2069", "200E", "200F", "200B", "200D",
                "FEFF", "0000", "0007", "0009", "000A", "001B", "007F", "0080", "0085", "009B", "2028", "2029", "E000",
                "00AD", "2060"
            })
    void refuses_control_and_format_characters_in_a_name(String hex) {
        String sent = "علی" + Character.toString(Integer.parseInt(hex, 16)) + "رضا";
        assertInvalidName(() -> CertificateNames.name(sent, FIELD));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {" ", "   ", "\u00a0", "\u3000", "\u200c", " \u200c ", "\u2003\u2003"})
    void refuses_a_value_of_only_white_space(String sent) {
        assertInvalidName(() -> CertificateNames.name(sent, FIELD));
        assertInvalidName(() -> CertificateNames.freeText(sent, "remarks"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<b>Ali</b>", "Ali<script>", "a > b", "<img src=x onerror=alert(1)>"})
    void refuses_markup_in_a_name(String sent) {
        assertInvalidName(() -> CertificateNames.name(sent, FIELD));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain                 | Ali                 | Ali
            accented              | José                | José
            apostrophe and hyphen | O'Brien-Smith       | O'Brien-Smith
            company punctuation   | Pars Oil & Gas Co.  | Pars Oil & Gas Co.
            digits and slash      | Unit 3/B (Ahvaz)    | Unit 3/B (Ahvaz)
            """)
    void accepts_latin_names(String what, String sent, String stored) {
        assertThat(CertificateNames.latinName(sent, "applicant/person/givenNameLatin"))
                .isEqualTo(stored);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Cyrillic a look-alike       | \u0410li
            Cyrillic o look-alike       | Rezae\u0456
            Greek omicron look-alike    | M\u03bfhammad
            Persian letters             | علی
            ZWNJ                        | Ali\u200cReza
            fullwidth punctuation       | Ali\uff01
            emoji                       | Ali\ud83d\ude00
            """)
    void refuses_other_scripts_and_symbols_in_a_latin_field(String what, String sent) {
        assertThatThrownBy(() -> CertificateNames.latinName(sent, "applicant/person/givenNameLatin"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(FaultCode.INVALID_NAME);
                    assertThat(e.field()).isEqualTo("applicant/person/givenNameLatin");
                });
    }

    @Test
    void free_text_keeps_line_breaks_and_tabs_but_not_bidi_overrides() {
        assertThat(CertificateNames.freeText("line one\n\tline two", "remarks")).isEqualTo("line one\n\tline two");
        assertThat(CertificateNames.freeText("قیمت < ۵ میلیون", "remarks")).isEqualTo("قیمت < ۵ میلیون");
        assertInvalidName(() -> CertificateNames.freeText("ok\u202Etxt.exe", "remarks"));
        assertInvalidName(() -> CertificateNames.freeText("see <a href=x>here</a>", "remarks"));
    }

    @Test
    void null_stays_null() {
        assertThat(CertificateNames.name(null, FIELD)).isNull();
        assertThat(CertificateNames.latinName(null, FIELD)).isNull();
        assertThat(CertificateNames.freeText(null, FIELD)).isNull();
    }

    @Test
    void a_composed_common_name_of_64_characters_fits() {
        CertificateNames.requireFitForCertificate(person("a".repeat(31), "b".repeat(32), null), outside());
    }

    @Test
    void refuses_a_composed_common_name_over_64_characters_naming_both_name_fields() {
        assertTooLong(
                () -> CertificateNames.requireFitForCertificate(
                        person("a".repeat(32), "b".repeat(32), null), outside()),
                "applicant/person/givenName, applicant/person/surname");
    }

    @Test
    void counts_characters_not_bytes() {
        // 64 Persian letters are 128 bytes of UTF-8 but 64 characters: within ub-common-name
        CertificateNames.requireFitForCertificate(person("ع".repeat(30), "ل".repeat(33), null), outside());
    }

    @Test
    void refuses_an_over_long_organization_name_an_over_long_unit_and_an_over_long_company() {
        assertTooLong(
                () -> CertificateNames.requireFitForCertificate(person("Ali", "Rezaei", "o".repeat(65)), outside()),
                "applicant/employment/organizationName");
        Applicant unit = new Applicant(
                ApplicantKind.INDIVIDUAL,
                "Ali",
                "Rezaei",
                null,
                null,
                "0499370899",
                null,
                "ali@example.ir",
                null,
                null,
                null,
                null,
                "u".repeat(65),
                null,
                null,
                null,
                null,
                null,
                null);
        assertTooLong(
                () -> CertificateNames.requireFitForCertificate(unit, outside()),
                "applicant/employment/organizationalUnit");
        ChannelDetails inside = new ChannelDetails(Channel.INSIDE_INDUSTRY, "c".repeat(65), "R&D", "NIOC", null, null);
        assertTooLong(
                () -> CertificateNames.requireFitForCertificate(person("Ali", "Rezaei", null), inside),
                "channel/inside/companyName");
        Applicant organization = new Applicant(
                ApplicantKind.ORGANIZATION,
                null,
                null,
                null,
                null,
                null,
                null,
                "info@example.ir",
                null,
                null,
                "n".repeat(65),
                null,
                null,
                "10380284790",
                null,
                null,
                null,
                null,
                null);
        assertTooLong(
                () -> CertificateNames.requireFitForCertificate(organization, outside()),
                "applicant/organization/name");
    }

    @Test
    void refuses_a_stored_subject_with_a_bidi_override() {
        assertInvalidName(
                () -> CertificateNames.requireFitForCertificate(person("Ali\u202E", "Rezaei", null), outside()));
    }

    private static Applicant person(String givenName, String surname, String organization) {
        return new Applicant(
                ApplicantKind.INDIVIDUAL,
                givenName,
                surname,
                null,
                null,
                "0499370899",
                null,
                "ali@example.ir",
                null,
                null,
                organization,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static ChannelDetails outside() {
        return new ChannelDetails(Channel.OUTSIDE_INDUSTRY, null, null, null, "Tehran", null);
    }

    private static void assertInvalidName(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.INVALID_NAME));
    }

    private static void assertTooLong(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.code()).isEqualTo(FaultCode.NAME_TOO_LONG);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
