package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;

import ir.meganaft.ragateway.support.RunningGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients a partner would use, against the gateway's TLS endpoints with the development
 * certificates, as docs/security.md shows them: curl with a PKCS#12 client certificate, and python-zeep
 * (Debian's python3-zeep) through a requests session. Both are real foreign peers, run as
 * processes.
 */
class ForeignClientsIT {
    private static final String ENVELOPE = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            + "xmlns:r=\"http://ra.meganaft.ir/gateway/registration/v1\"><s:Body><r:GetCaCertificatesRequest/></s:Body></s:Envelope>";

    @TempDir
    static Path data;

    static RunningGateway gateway;
    static Path tls;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start(data);
        tls = data.resolve("tls");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void curl_with_the_development_client_certificate_gets_an_answer_and_without_one_no_handshake() throws Exception {
        String password = Files.readString(tls.resolve("password")).strip();
        Result with = run(List.of(
                "curl",
                "-sS",
                "--cacert",
                tls.resolve("ca.pem").toString(),
                "--cert-type",
                "P12",
                "--cert",
                tls.resolve("clients/system-NIOC-HR.p12") + ":" + password,
                "-H",
                "Content-Type: text/xml; charset=utf-8",
                "-H",
                "SOAPAction: \"urn:getCaCertificates\"",
                "--data-binary",
                ENVELOPE,
                gateway.url("/ra/RegistrationService")));
        assertThat(with.status()).as(with.output()).isZero();
        assertThat(with.output()).contains("GetCaCertificatesResponse").contains("Issuing CA");

        Result without = run(List.of(
                "curl",
                "-sS",
                "--cacert",
                tls.resolve("ca.pem").toString(),
                "-H",
                "Content-Type: text/xml; charset=utf-8",
                "--data-binary",
                ENVELOPE,
                gateway.url("/ra/RegistrationService")));
        assertThat(without.status())
                .as("curl's exit status without a client certificate")
                .isNotZero();
        assertThat(without.output()).doesNotContain("GetCaCertificatesResponse");
    }

    @Test
    void python_zeep_reads_the_wsdl_and_calls_both_soap_versions_over_mutual_tls() throws Exception {
        Path pem = data.resolve("nioc-hr.pem");
        Result converted = run(List.of(
                "openssl",
                "pkcs12",
                "-in",
                tls.resolve("clients/system-NIOC-HR.p12").toString(),
                "-passin",
                "file:" + tls.resolve("password"),
                "-nodes",
                "-out",
                pem.toString()));
        assertThat(converted.status()).as(converted.output()).isZero();
        Path script = data.resolve("zeep_client.py");
        Files.writeString(script, """
                import sys, requests, zeep
                from zeep.transports import Transport
                session = requests.Session()
                session.trust_env = False  # else REQUESTS_CA_BUNDLE, where set, replaces verify below
                session.cert = sys.argv[2]
                session.verify = sys.argv[3]
                client = zeep.Client(sys.argv[1], transport=Transport(session=session))
                print('default port at', client.service._binding_options['address'])
                print('SOAP 1.1 CA certificates:', len(client.service.getCaCertificates()))
                soap12 = client.bind('RegistrationService', 'RegistrationServiceSoap12Port')
                print('SOAP 1.2 CA certificates:', len(soap12.getCaCertificates()))
                try:
                    client.service.getRequestStatus(requestId='00000000-0000-4000-8000-000000000000')
                except zeep.exceptions.Fault as fault:
                    print('fault:', fault.detail[0][0].text)
                """, StandardCharsets.UTF_8);
        Result zeep = run(List.of(
                "/usr/bin/python3",
                script.toString(),
                gateway.url("/ra/RegistrationService?wsdl"),
                pem.toString(),
                tls.resolve("ca.pem").toString()));
        assertThat(zeep.status()).as(zeep.output()).isZero();
        // zeep takes the SOAP 1.2 port by default: its address must be this deployment's https one too
        assertThat(zeep.output())
                .contains("default port at " + gateway.url("/ra/soap12/RegistrationService"))
                .contains("SOAP 1.1 CA certificates: 2")
                .contains("SOAP 1.2 CA certificates: 2")
                .contains("fault: UNKNOWN_REQUEST");
    }

    private record Result(int status, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
