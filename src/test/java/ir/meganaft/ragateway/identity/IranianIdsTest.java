package ir.meganaft.ragateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IranianIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0499370899", "4400276201", "۰۴۹۹۳۷۰۸۹۹", "٤٤٠٠٢٧٦٢٠١"})
    void accepts_the_valid_national_codes_of_the_domain_brief(String code) {
        assertThat(IranianIds.isValidNationalCode(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0499370898",
                "1234567890",
                "1111111111",
                "0000000000",
                "049937089",
                "04993708990",
                "12a4567890",
                "1230000001",
                ""
            })
    void rejects_invalid_national_codes(String code) {
        assertThat(IranianIds.isValidNationalCode(code)).isFalse();
    }

    @Test
    void accepts_the_valid_legal_id_of_the_domain_brief_in_any_digits() {
        assertThat(IranianIds.isValidLegalId("10380284790")).isTrue();
        assertThat(IranianIds.isValidLegalId("۱۰۳۸۰۲۸۴۷۹۰")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10380284792", "10380285692", "09748208301", "1038028479", "10300000090"})
    void rejects_invalid_legal_ids(String id) {
        assertThat(IranianIds.isValidLegalId(id)).isFalse();
    }

    @Test
    void stores_mobiles_as_09_and_nine_digits_whatever_the_prefix() {
        for (String mobile : new String[] {
            "+989121234567", "00989121234567", "989121234567", "09121234567", "۰۹۱۲ ۱۲۳ ۴۵۶۷", "0912-123-4567"
        }) {
            assertThat(IranianIds.normalizeMobile(mobile)).as(mobile).isEqualTo("09121234567");
        }
    }

    @Test
    void refuses_numbers_that_are_not_iranian_mobiles() {
        for (String mobile :
                new String[] {"02188888888", "+9802188888888", "0912123456", "9121234567", "+14155550100"}) {
            assertThat(IranianIds.normalizeMobile(mobile)).as(mobile).isNull();
        }
    }

    @Test
    void postal_codes_are_ten_digits() {
        assertThat(IranianIds.isValidPostalCode("1417614411")).isTrue();
        assertThat(IranianIds.isValidPostalCode("۱۴۱۷۶۱۴۴۱۱")).isTrue();
        assertThat(IranianIds.isValidPostalCode("141761441")).isFalse();
    }

    @Test
    void e_mail_addresses_must_be_usable_in_a_certificate() {
        assertThat(IranianIds.isValidEmail("ali.rezaei@nioc.ir")).isTrue();
        assertThat(IranianIds.isValidEmail("ali@nioc")).isFalse();
        assertThat(IranianIds.isValidEmail("ali..rezaei@nioc.ir")).isFalse();
        assertThat(IranianIds.isValidEmail("علی@nioc.ir")).isFalse();
        assertThat(IranianIds.isValidEmail("ali rezaei@nioc.ir")).isFalse();
    }
}
