package ir.meganaft.ragateway.csr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SerialsTest {

    @Test
    void parse_reads_hex_text_as_big_integer_does() {
        for (String hex : new String[] {
            "0",
            "00",
            "1",
            "F",
            "7F",
            "80",
            "FF",
            "100",
            "0FF",
            "abcdef",
            "AbCdEf0",
            "4000000000000000000000000000000000000000",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "-1A",
            "+1A"
        }) {
            assertThat(Serials.parse(hex)).as(hex).isEqualTo(new BigInteger(hex, 16));
        }
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            BigInteger serial = new BigInteger(1 + random.nextInt(200), random);
            assertThat(Serials.parse(Serials.hex(serial))).isEqualTo(serial);
            assertThat(Serials.parse(serial.toString(16))).isEqualTo(serial);
        }
    }

    @Test
    void parse_refuses_what_is_not_hex() {
        for (String text : new String[] {"", "G1", "12 ", "0x1F", "-"}) {
            assertThatThrownBy(() -> Serials.parse(text)).as(text).isInstanceOf(NumberFormatException.class);
        }
    }
}
