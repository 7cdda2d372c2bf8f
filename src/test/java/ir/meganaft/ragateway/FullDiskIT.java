package ir.meganaft.ragateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ir.meganaft.ragateway.contract.registration.SubmitCertificateRequest;
import ir.meganaft.ragateway.contract.types.RequestState;
import ir.meganaft.ragateway.support.Faults;
import ir.meganaft.ragateway.support.Requests;
import ir.meganaft.ragateway.support.RunningGateway;
import ir.meganaft.ragateway.support.TestCsrs;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory on a small disk of its own (a tmpfs, mounted by the test: it needs root, as CI
 * has) that fills up: new requests are refused with STORAGE_FULL and nothing is stored, never
 * acknowledged without being stored; once there is room again the same request goes through.
 */
class FullDiskIT {
    @TempDir
    Path work;

    Path disk;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "mounting a small disk (tmpfs) needs root; CI runs as root");
        disk = Files.createDirectories(work.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", disk.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            run("umount", "-l", disk.toString());
        }
    }

    @Test
    void a_full_disk_refuses_new_requests_with_storage_full_stores_nothing_and_takes_them_again_when_there_is_room()
            throws Exception {
        try (RunningGateway gateway =
                RunningGateway.start(disk.resolve("data"), Map.of("gateway.storage.min-free-mb", "24"))) {
            var registration = gateway.registration();
            String before = registration
                    .submitCertificateRequest(Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                    .getRequestId();

            Path filler = disk.resolve("filler");
            fillLeaving(filler, 8L << 20);
            String clientRequestId = Requests.newClientRequestId();
            SubmitCertificateRequest request = Requests.individual(clientRequestId, TestCsrs.rsa(2048));
            var fault = Faults.assertFault(() -> registration.submitCertificateRequest(request), "STORAGE_FULL");
            assertThat(fault.getMessage()).contains("nothing was stored").doesNotContain("Exception");
            Faults.assertFault(
                    () -> registration.getRequestStatus(Requests.statusByClientRequestId(clientRequestId)),
                    "UNKNOWN_REQUEST");

            Files.delete(filler);
            var accepted = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> registration.submitCertificateRequest(request), r -> r.getRequestId() != null);
            assertThat(accepted.isDuplicate())
                    .as("it was not stored the first time")
                    .isFalse();
            for (String id : new String[] {before, accepted.getRequestId()}) {
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> registration
                                        .getRequestStatus(Requests.status(id))
                                        .getRequest()
                                        .getState()
                                == RequestState.PENDING_VETTING);
            }
        }
    }

    @Test
    void a_disk_that_fills_to_the_last_byte_never_acknowledges_what_it_could_not_store_and_keeps_what_it_did()
            throws Exception {
        Path data = disk.resolve("data");
        int port;
        java.util.List<String> acknowledged = new java.util.ArrayList<>();
        String clientRequestId = Requests.newClientRequestId();
        SubmitCertificateRequest refused = Requests.individual(clientRequestId, TestCsrs.rsa(2048));
        try (RunningGateway gateway = RunningGateway.start(data, Map.of("gateway.storage.min-free-mb", "0"))) {
            port = gateway.port(); // the restart listens where this one did
            var registration = gateway.registration();
            for (int i = 0; i < 3; i++) {
                acknowledged.add(registration
                        .submitCertificateRequest(
                                Requests.individual(Requests.newClientRequestId(), TestCsrs.rsa(2048)))
                        .getRequestId());
            }
            Path filler = disk.resolve("filler");
            fillLeaving(filler, 0);
            var fault = Faults.assertFault(() -> registration.submitCertificateRequest(refused), "STORAGE_FULL");
            assertThat(fault.getMessage()).doesNotContain("Exception");
            Files.delete(filler);
        }
        try (RunningGateway restarted = RunningGateway.start(data, port, Map.of("gateway.storage.min-free-mb", "0"))) {
            var registration = restarted.registration();
            var again = registration.submitCertificateRequest(refused);
            acknowledged.add(again.getRequestId());
            for (String id : acknowledged) {
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> registration
                                        .getRequestStatus(Requests.status(id))
                                        .getRequest()
                                        .getState()
                                == RequestState.PENDING_VETTING);
            }
        }
    }

    /** Writes a file until only {@code leave} bytes are free on its disk (or the disk refuses more). */
    private static void fillLeaving(Path file, long leave) throws IOException {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (Files.getFileStore(file).getUsableSpace() > leave + block.length) {
                out.write(block);
                out.flush();
            }
            if (leave == 0) {
                for (int size = block.length; size > 0; size /= 2) {
                    try {
                        while (true) {
                            out.write(block, 0, size);
                            out.flush();
                        }
                    } catch (IOException full) {
                        // no space left for a write of this size: try a smaller one
                    }
                }
            }
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
