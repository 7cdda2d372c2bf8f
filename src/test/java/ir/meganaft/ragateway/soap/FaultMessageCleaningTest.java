package ir.meganaft.ragateway.soap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultMessageCleaningTest {
    @Test
    void a_fault_message_names_no_java_class() {
        assertThat(SoapFaultInterceptor.clean(
                        "java.time.format.DateTimeParseException: Text '1400-13-45' could not be parsed"))
                .isEqualTo("Text '1400-13-45' could not be parsed");
        assertThat(SoapFaultInterceptor.clean("org.bouncycastle.pkcs.PKCSIOException: malformed data"))
                .isEqualTo("malformed data");
        assertThat(SoapFaultInterceptor.clean("failed in com.example.Foo")).doesNotContain("com.example");
    }

    @Test
    void a_long_quoted_value_becomes_an_escaped_excerpt() {
        String cleaned = SoapFaultInterceptor.clean(
                "cvc-pattern-valid: Value '" + "A".repeat(100_000) + "\u0001' is not facet-valid");
        assertThat(cleaned.length()).isLessThan(200);
        assertThat(cleaned)
                .contains("...(100001 chars)")
                .endsWith("is not facet-valid")
                .doesNotContain("\u0001");
    }
}
