package ir.meganaft.ragateway.support;

import ir.meganaft.ragateway.csr.Fingerprints;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A stopped gateway's database, read directly (the tables of src/main/resources/db/migration),
 * and what in it must agree whatever happened to the process: the embedded H2 file (open it only
 * while no gateway process holds the data directory) or a PostgreSQL database.
 */
public final class GatewayDatabase implements AutoCloseable {
    private static final Set<String> ISSUED_STATES = Set.of("ISSUED", "DELIVERED");

    private record LedgerRow(String transactionId, BigInteger serial, byte[] certificate) {}

    private record CertificateRow(BigInteger serial, String requestId, byte[] der) {}

    private final Connection connection;

    private GatewayDatabase(Connection connection) {
        this.connection = connection;
    }

    public static GatewayDatabase open(Path dataDir) throws SQLException {
        return new GatewayDatabase(DriverManager.getConnection(
                "jdbc:h2:file:" + dataDir.resolve("db").resolve("gateway") + ";MODE=PostgreSQL", "sa", ""));
    }

    public static GatewayDatabase open(PostgresServer.Access postgres) throws SQLException {
        return new GatewayDatabase(postgres.connect());
    }

    /** Whether the evidence store (the {@code evidence_scan} table) holds a scan with these bytes. */
    public boolean holdsScan(byte[] scan) throws SQLException {
        try (var s = connection.prepareStatement("select count(*) from evidence_scan where sha256 = ?")) {
            s.setString(1, ir.meganaft.ragateway.csr.Fingerprints.sha256Hex(scan));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /**
     * The CA ledger and the certificate store hold the same certificates: each ledger entry with a
     * certificate is in the store, under the same serial, for its transaction's request, and each
     * stored certificate is in the ledger. Empty when they agree.
     */
    public List<String> ledgerAgainstStore() throws SQLException {
        Map<BigInteger, CertificateRow> stored = new TreeMap<>();
        certificates().forEach(c -> stored.put(c.serial(), c));
        Map<BigInteger, LedgerRow> ledger = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        for (LedgerRow l : ledger()) {
            ledger.put(l.serial(), l);
            CertificateRow c = stored.get(l.serial());
            if (l.certificate() != null
                    && (c == null
                            || !Arrays.equals(c.der(), l.certificate())
                            || !c.requestId().equals(l.transactionId()))) {
                disagreements.add("ledger " + l.serial().toString(16) + " signed for " + l.transactionId()
                        + (c == null
                                ? " is not in the certificate store"
                                : " is stored differently, for " + c.requestId()));
            }
        }
        for (CertificateRow c : stored.values()) {
            LedgerRow l = ledger.get(c.serial());
            if (l == null || l.certificate() == null || !Arrays.equals(l.certificate(), c.der())) {
                disagreements.add("stored " + c.serial().toString(16) + " of request " + c.requestId()
                        + (l == null
                                ? " is not in the CA ledger"
                                : l.certificate() == null
                                        ? ": the ledger holds no certificate for it"
                                        : ": the ledger holds another certificate"));
            }
        }
        return disagreements;
    }

    /** Requests ISSUED or DELIVERED with other than one certificate, or in another state with any. */
    public List<String> certificatesAgainstStates() throws SQLException {
        Map<String, Integer> certificatesOf = new TreeMap<>();
        certificates().forEach(c -> certificatesOf.merge(c.requestId(), 1, Integer::sum));
        List<String> wrong = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select id, state from cert_request")) {
            while (rs.next()) {
                int certificates = certificatesOf.getOrDefault(rs.getString(1), 0);
                if (ISSUED_STATES.contains(rs.getString(2)) ? certificates != 1 : certificates != 0) {
                    wrong.add(rs.getString(1) + " is " + rs.getString(2) + " with " + certificates + " certificate(s)");
                }
            }
        }
        return wrong;
    }

    /**
     * Each row of the crl table names a file in {@code archive} with the content it recorded, the
     * content relying parties were shown under that number ({@code published}: number to sha256).
     */
    public List<String> crlsAgainst(Path archive, Map<Long, String> published) throws SQLException, IOException {
        List<String> wrong = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select crl_number, sha256, file_name from crl order by crl_number")) {
            while (rs.next()) {
                long number = rs.getLong(1);
                String recorded = rs.getString(2);
                Path file = archive.resolve(rs.getString(3));
                String inFile = Files.exists(file) ? Fingerprints.sha256Hex(Files.readAllBytes(file)) : "missing";
                String shown = published.getOrDefault(number, recorded);
                if (!recorded.equals(inFile) || !recorded.equals(shown)) {
                    wrong.add("CRL " + number + " recorded " + recorded + ", file " + inFile + ", published " + shown);
                }
            }
        }
        return wrong;
    }

    private List<LedgerRow> ledger() throws SQLException {
        List<LedgerRow> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select transaction_id, serial_number, certificate from ca_ledger")) {
            while (rs.next()) {
                rows.add(new LedgerRow(rs.getString(1), new BigInteger(rs.getString(2), 16), rs.getBytes(3)));
            }
        }
        return rows;
    }

    private List<CertificateRow> certificates() throws SQLException {
        List<CertificateRow> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select serial_number, request_id, der from certificate")) {
            while (rs.next()) {
                rows.add(new CertificateRow(new BigInteger(rs.getString(1), 16), rs.getString(2), rs.getBytes(3)));
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
