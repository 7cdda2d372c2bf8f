package ir.meganaft.ragateway.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateStatusServiceTest {

    @ParameterizedTest
    @ValueSource(strings = {"1A2B3C", "1a2b3c", "001A2B3C", "1a:2b:3c", "00:1A:2B:3C", " 1A 2B 3C "})
    void serial_numbers_are_read_as_the_store_writes_them(String given) {
        assertThat(CertificateStatusService.serial(given)).isEqualTo("1A2B3C");
    }

    @Test
    void a_serial_of_zeros_is_zero() {
        assertThat(CertificateStatusService.serial("0000")).isEqualTo("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "xyz", "12-34", "0x1A", "۱۲۳"})
    void a_serial_that_is_not_hexadecimal_is_refused(String given) {
        assertThatThrownBy(() -> CertificateStatusService.serial(given))
                .isInstanceOfSatisfying(
                        GatewayException.class, e -> assertThat(e.code()).isEqualTo(FaultCode.INVALID_SERIAL_NUMBER));
    }
}
