package ir.meganaft.ragateway.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.contract.types.GatewayFaultDetail;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the gateway's SOAP faults. */
public final class Faults {
    private static final Pattern CODE = Pattern.compile("<(?:\\w+:)?code>([A-Z_]+)</(?:\\w+:)?code>");

    private Faults() {}

    /** For a domain service's own tests: the call is refused with a GatewayException of this code. */
    public static void assertRefused(ThrowingCallable call, ir.meganaft.ragateway.errors.FaultCode code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ir.meganaft.ragateway.errors.GatewayException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code())
                                .isEqualTo(code));
    }

    /** The call fails with the declared GatewayFault carrying this code; returns its detail. */
    public static GatewayFaultDetail assertFault(ThrowingCallable call, String code) {
        GatewayFaultDetail[] detail = new GatewayFaultDetail[1];
        assertThatThrownBy(call).satisfies(e -> {
            GatewayFaultDetail info = faultInfo(e);
            org.assertj.core.api.Assertions.assertThat(info)
                    .as("GatewayFault detail of " + e)
                    .isNotNull();
            org.assertj.core.api.Assertions.assertThat(info.getCode()).isEqualTo(code);
            org.assertj.core.api.Assertions.assertThat(info.getMessage()).isNotBlank();
            detail[0] = info;
        });
        return detail[0];
    }

    /** For a domain service's own tests: refused with a GatewayException of this code, naming this {@code field}. */
    public static void assertRefused(ThrowingCallable call, ir.meganaft.ragateway.errors.FaultCode code, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ir.meganaft.ragateway.errors.GatewayException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(code);
            org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo(field);
        });
    }

    /** The GatewayFault code of a registration or officer call's failure, or null if it was not one. */
    public static String codeOf(Throwable e) {
        GatewayFaultDetail info = faultInfo(e);
        return info == null ? null : info.getCode();
    }

    private static GatewayFaultDetail faultInfo(Throwable e) {
        if (e instanceof ir.meganaft.ragateway.contract.registration.GatewayFault f) {
            return f.getFaultInfo();
        }
        if (e instanceof ir.meganaft.ragateway.contract.officer.GatewayFault f) {
            return f.getFaultInfo();
        }
        return null;
    }

    /** The fault code in a raw SOAP response body. */
    public static String codeIn(String soapResponse) {
        Matcher m = CODE.matcher(soapResponse);
        return m.find() ? m.group(1) : null;
    }
}
