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
        assertThat(c.message())
                .doesNotContain("/secret/path")
                .contains("reference")
                .contains("retry");
        assertThat(c.code().isCallerError()).isFalse();
    }

    @Test
    void a_schema_fault_names_the_element_the_validator_refused() {
        SoapFaultInterceptor.Classified c = SoapFaultInterceptor.classify(new Fault(new org.xml.sax.SAXParseException(
                "cvc-complex-type.2.4.a: Invalid content was found starting with element "
                        + "'{\"http://ra.meganaft.ir/gateway/types/v1\":nationalCod}'. One of "
                        + "'{\"http://ra.meganaft.ir/gateway/types/v1\":nationalCode}' is expected.",
                null)));
        assertThat(c.code()).isEqualTo(FaultCode.SCHEMA_INVALID);
        assertThat(c.field()).isEqualTo("nationalCod");
    }

    @Test
    void reads_the_element_from_prefixed_names_and_jaxb_messages() {
        assertThat(SoapFaultInterceptor.refusedElement(
                        "cvc-type.3.1.3: The value '049937089' of element " + "'t:nationalCode' is not valid."))
                .isEqualTo("nationalCode");
        assertThat(SoapFaultInterceptor.refusedElement("cvc-complex-type.2.4.b: The content of element "
                        + "'r:SubmitCertificateRequest' is not complete."))
                .isEqualTo("SubmitCertificateRequest");
        assertThat(SoapFaultInterceptor.refusedElement("cvc-attribute.3: The value 'NOBODY' of attribute 'holder' on "
                        + "element 'o:checkedDocument' is not valid with respect to its type."))
                .isEqualTo("checkedDocument");
        assertThat(SoapFaultInterceptor.refusedElement("unexpected element (uri:\"urn:x\", local:\"oops\"). Expected "
                        + "elements are <{urn:x}header>"))
                .isEqualTo("oops");
    }

    @Test
    void leaves_the_field_empty_when_the_validator_does_not_say_which_element() {
        // value-only rules quote the caller's value, which could itself read "element 'x'"
        assertThat(SoapFaultInterceptor.refusedElement("cvc-pattern-valid: Value 'element 'admin'' is not facet-valid "
                        + "with respect to pattern '[0-9]{10}' for type 'NationalCode'."))
                .isNull();
        assertThat(SoapFaultInterceptor.refusedElement(
                        "cvc-type.3.1.3: The value 'a element 'b'' of element 'c' " + "is not valid."))
                .isNull();
        assertThat(SoapFaultInterceptor.refusedElement(
                        "cvc-elt.1.a: Cannot find the declaration of element " + "'x y'."))
                .isNull();
        assertThat(SoapFaultInterceptor.refusedElement("Message part {urn:x}oops was not recognized."))
                .isNull();
    }

    @Test
    void an_idle_timeout_met_while_reading_is_request_timeout_not_an_internal_error() {
        SoapFaultInterceptor.Classified c = SoapFaultInterceptor.classify(new Fault(new java.io.IOException(
                new java.util.concurrent.TimeoutException("Idle timeout expired: 3000/3000 ms"))));
        assertThat(c.code()).isEqualTo(FaultCode.REQUEST_TIMEOUT);
        assertThat(c.code().isCallerError()).isTrue();
    }

    @Test
    void cxf_refusing_an_attachment_beyond_its_own_limits_is_request_too_large() {
        SoapFaultInterceptor.Classified count = SoapFaultInterceptor.classify(new Fault(new RuntimeException(
                new java.io.IOException("The message contains more attachments than are permitted"))));
        assertThat(count.code()).isEqualTo(FaultCode.REQUEST_TOO_LARGE);
        SoapFaultInterceptor.Classified size =
                SoapFaultInterceptor.classify(new Fault(new org.apache.cxf.io.CacheSizeExceededException()));
        assertThat(size.code()).isEqualTo(FaultCode.REQUEST_TOO_LARGE);
    }
}
