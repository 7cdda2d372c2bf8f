package ir.meganaft.ragateway.crl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.junit.jupiter.api.Test;

class CrlEntryEncoderTest {
    private static final String[] REASONS = {
        null,
        "unspecified",
        "keyCompromise",
        "cACompromise",
        "affiliationChanged",
        "superseded",
        "cessationOfOperation",
        "certificateHold",
        "removeFromCRL",
        "privilegeWithdrawn",
        "aACompromise"
    };

    @Test
    void encodes_entries_byte_for_byte_as_bouncy_castle_does() throws Exception {
        List<CrlEntry> entries = new ArrayList<>();
        BigInteger[] serials = {
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.valueOf(127),
            BigInteger.valueOf(128),
            BigInteger.valueOf(255),
            BigInteger.valueOf(256),
            BigInteger.valueOf(-1),
            BigInteger.valueOf(-128),
            BigInteger.valueOf(-129),
            new BigInteger("4000000000000000000000000000000000000000", 16),
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", 16),
            new BigInteger("80" + "00".repeat(19), 16),
            BigInteger.ONE.shiftLeft(1100).subtract(BigInteger.ONE)
        }; // the last needs a long-form length
        Instant[] dates = {
            Instant.parse("1950-01-01T00:00:00Z"),
            Instant.parse("1999-12-31T23:59:59Z"),
            Instant.parse("2000-02-29T12:34:56Z"),
            Instant.parse("2026-11-22T07:00:23.999Z"),
            Instant.parse("2049-12-31T23:59:59Z"),
            Instant.parse("2050-01-01T00:00:00Z"),
            Instant.parse("2100-03-01T01:02:03Z"),
            Instant.parse("9999-12-31T23:59:59Z"),
            Instant.parse("1949-12-31T23:59:59Z"),
            Instant.parse("1900-06-15T10:00:00Z")
        };
        for (BigInteger serial : serials) {
            for (Instant revoked : dates) {
                for (String reason : REASONS) {
                    entries.add(new CrlEntry(serial, revoked, reason, null));
                    entries.add(new CrlEntry(serial, revoked, reason, revoked.minusSeconds(90_061)));
                }
            }
        }
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            BigInteger serial = new BigInteger(1 + random.nextInt(160), random);
            if (random.nextBoolean()) {
                serial = serial.negate();
            }
            Instant revoked = Instant.ofEpochSecond(
                    -631_152_000L + (long) (random.nextDouble() * 5_000_000_000L), random.nextInt(1_000_000_000));
            Instant invalidity = random.nextBoolean()
                    ? null
                    : Instant.ofEpochSecond(
                            revoked.getEpochSecond() - random.nextInt(100_000_000), random.nextInt(1_000));
            entries.add(new CrlEntry(serial, revoked, REASONS[random.nextInt(REASONS.length)], invalidity));
        }

        CrlEntryEncoder encoder = new CrlEntryEncoder();
        for (CrlEntry entry : entries) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int length = encoder.write(entry, out);
            assertThat(HexFormat.of().formatHex(out.toByteArray()))
                    .as(entry.toString())
                    .isEqualTo(HexFormat.of().formatHex(CrlEntryEncoder.encodeWithBouncyCastle(entry)));
            assertThat(length).isEqualTo(out.size());
        }
    }

    @Test
    void an_entry_reads_back_with_its_serial_date_reason_and_invalidity_date() throws Exception {
        CrlEntry entry = new CrlEntry(
                new BigInteger("00ff", 16),
                Instant.parse("2051-05-06T07:08:09Z"),
                "keyCompromise",
                Instant.parse("2049-01-02T03:04:05Z"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new CrlEntryEncoder().write(entry, out);

        TBSCertList.CRLEntry parsed = TBSCertList.CRLEntry.getInstance(out.toByteArray());
        assertThat(parsed.getUserCertificate().getValue()).isEqualTo(BigInteger.valueOf(255));
        assertThat(parsed.getRevocationDate().getDate().toInstant()).isEqualTo(entry.revokedAt());
        assertThat(parsed.getRevocationDate().toASN1Primitive())
                .as("after 2049 a GeneralizedTime")
                .isInstanceOf(org.bouncycastle.asn1.ASN1GeneralizedTime.class);
        assertThat(CRLReason.getInstance(parsed.getExtensions().getExtensionParsedValue(Extension.reasonCode))
                        .getValue()
                        .intValue())
                .isEqualTo(CRLReason.keyCompromise);
        assertThat(org.bouncycastle.asn1.ASN1GeneralizedTime.getInstance(
                                parsed.getExtensions().getExtensionParsedValue(Extension.invalidityDate))
                        .getDate()
                        .toInstant())
                .isEqualTo(entry.invalidityDate());
        assertThat(parsed.getExtensions().getExtension(Extension.reasonCode).isCritical())
                .isFalse();
    }
}
