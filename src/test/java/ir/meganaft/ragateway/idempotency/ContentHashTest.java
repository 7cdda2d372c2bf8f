package ir.meganaft.ragateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.csr.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentHashTest {

    @Test
    void is_the_sha256_of_each_field_as_length_colon_text_semicolon_then_the_tail() {
        byte[] tail = {0x30, 0x00};
        byte[] text = "3:abc;0:;10:2024-03-01;".getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(text, text.length + tail.length);
        System.arraycopy(tail, 0, all, text.length, tail.length);

        ContentHash hash = ContentHash.of(Arrays.asList("abc", null, LocalDate.of(2024, 3, 1)), tail);

        assertThat(hash.value()).isEqualTo(Fingerprints.sha256Hex(all));
    }

    @Test
    void text_moved_from_one_field_to_the_next_is_other_content() {
        assertThat(ContentHash.of(List.of("ab", "c"), null).value())
                .isNotEqualTo(ContentHash.of(List.of("a", "bc"), null).value())
                .isNotEqualTo(ContentHash.of(List.of("abc"), null).value());
    }

    @Test
    void counts_letters_not_bytes_so_persian_text_is_delimited_the_same_way() {
        byte[] expected = "3:علی;".getBytes(StandardCharsets.UTF_8);
        assertThat(ContentHash.of(List.of("علی"), null).value()).isEqualTo(Fingerprints.sha256Hex(expected));
    }

    @Test
    void a_missing_field_is_empty_text_as_intake_has_always_hashed_it() {
        assertThat(ContentHash.of(Arrays.asList("a", null), null).value())
                .isEqualTo(ContentHash.of(List.of("a", ""), null).value());
    }

    @Test
    void the_tail_is_content_and_no_tail_is_an_empty_one() {
        assertThat(ContentHash.of(List.of("a"), new byte[] {1}).value())
                .isNotEqualTo(ContentHash.of(List.of("a"), new byte[] {2}).value());
        assertThat(ContentHash.of(List.of("a"), null).value())
                .isEqualTo(ContentHash.of(List.of("a"), new byte[0]).value());
    }

    @Test
    void matches_its_own_value_and_an_earlier_one_but_stores_only_its_own() {
        ContentHash hash = ContentHash.of(List.of("a"), null).orAsStoredBefore("EARLIER");

        assertThat(hash.matches(hash.value())).isTrue();
        assertThat(hash.matches("EARLIER")).isTrue();
        assertThat(hash.matches("OTHER")).isFalse();
        assertThat(hash.matches(null)).isFalse();
        assertThat(hash.value()).isEqualTo(ContentHash.of(List.of("a"), null).value());
    }
}
