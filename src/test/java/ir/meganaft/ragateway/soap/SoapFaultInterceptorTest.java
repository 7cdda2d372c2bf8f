package ir.meganaft.ragateway.soap;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.errors.FaultCode;
import ir.meganaft.ragateway.errors.GatewayException;
import org.apache.cxf.interceptor.Fault;
import org.junit.jupiter.api.Test;

class SoapFaultInterceptorTest {

    @Test
    void keeps_the_code_and_message_of_a_domain_refusal() {
        SoapFaultInterceptor.Classified c = SoapFaultInterceptor.classify(
                new Fault(new GatewayException(FaultCode.WEAK_KEY, "RSA key of 1024 bits", "csr", null)));
        assertThat(c.code()).isEqualTo(FaultCode.WEAK_KEY);
        assertThat(c.message()).isEqualTo("RSA key of 1024 bits");
        assertThat(c.field()).isEqualTo("csr");
    }

    @Test
    void hides_the_internals_of_an_unexpected_failure_behind_a_reference() {
        SoapFaultInterceptor.Classified c = SoapFaultInterceptor.classify(
                new Fault(new IllegalStateException("jdbc:h2:file:/secret/path connection refused")));
        assertThat(c.code()).isEqualTo(FaultCode.INTERNAL_ERROR);
        assertThat(c.message()).doesNotContain("/secret/path").contains("reference").contains("retry");
        assertThat(c.code().isCallerError()).isFalse();
    }
}
