package ir.meganaft.ragateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ir.meganaft.ragateway.contract.types.GatewayFaultDetail;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the GatewayFault of any of the gateway's services (status, admin, CPMIS account, ...). */
public final class ContractFaults {
    private ContractFaults() {}

    /** The call fails with a declared GatewayFault carrying this code; returns its detail. */
    public static GatewayFaultDetail assertGatewayFault(ThrowingCallable call, String code) {
        GatewayFaultDetail[] detail = new GatewayFaultDetail[1];
        assertThatThrownBy(call).satisfies(e -> {
            assertThat(e.getClass().getSimpleName()).as("fault type of " + e).isEqualTo("GatewayFault");
            GatewayFaultDetail info =
                    (GatewayFaultDetail) e.getClass().getMethod("getFaultInfo").invoke(e);
            assertThat(info.getCode()).as(info.getMessage()).isEqualTo(code);
            assertThat(info.getMessage()).isNotBlank();
            detail[0] = info;
        });
        return detail[0];
    }
}
