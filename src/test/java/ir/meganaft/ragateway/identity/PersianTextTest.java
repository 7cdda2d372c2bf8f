package ir.meganaft.ragateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersianTextTest {

    @Test
    void maps_persian_and_arabic_indic_digits_to_ascii_keeping_leading_zeros() {
        assertThat(PersianText.asciiDigits("۰۴۹۹۳۷۰۸۹۹")).isEqualTo("0499370899");
        assertThat(PersianText.asciiDigits("٠٤٩٩٣٧٠٨٩٩")).isEqualTo("0499370899");
    }

    @Test
    void maps_arabic_yeh_and_kaf_to_persian_letters() {
        assertThat(PersianText.normalize("علي كريمى")).isEqualTo("علی کریمی");
    }

    @Test
    void collapses_white_space() {
        assertThat(PersianText.normalize("  Ali \t Rezaei ")).isEqualTo("Ali Rezaei");
    }
}
