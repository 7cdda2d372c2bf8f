package ir.meganaft.ragateway.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The fault codes are the callers' contract: each one the gateway can send is explained where callers read. */
class FaultCodeTest {

    @Test
    void every_fault_code_is_explained_in_the_contract_and_in_the_integration_guide() throws Exception {
        String contract = Files.readString(Path.of("wsdl/xsd/ra-types.xsd"));
        String guide = Files.readString(Path.of("docs/integration.md"));
        for (FaultCode code : FaultCode.values()) {
            assertThat(contract).as("ra-types.xsd explains " + code).containsPattern("\\b" + code.name() + "\\b");
            assertThat(guide).as("docs/integration.md explains " + code).contains("`" + code.name() + "`");
        }
    }
}
