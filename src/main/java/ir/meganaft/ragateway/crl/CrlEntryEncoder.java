package ir.meganaft.ragateway.crl;

import ir.meganaft.ragateway.ca.RevocationReasons;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.Time;

/**
 * DER-encodes one revokedCertificates entry (RFC 5280 5.1.2.6) straight into a reused buffer:
 * {@code SEQUENCE { userCertificate INTEGER, revocationDate Time, crlEntryExtensions Extensions OPTIONAL }},
 * with a reasonCode extension (not for unspecified) and an invalidityDate extension, both
 * non-critical. The bytes are those Bouncy Castle's objects encode ({@link #encodeWithBouncyCastle},
 * which it falls back to for dates outside 1950-9999); building those objects for every entry
 * (Time formats and re-parses the date through SimpleDateFormat) cost more than reading the
 * entries from the database. Not thread-safe: one encoder per CRL being written.
 */
final class CrlEntryEncoder {
    /** reasonCode (2.5.29.21) extnID, then the OCTET STRING header of its ENUMERATED value. */
    private static final byte[] REASON_CODE = {0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01};
    /** invalidityDate (2.5.29.24) extnID, then the OCTET STRING header of its GeneralizedTime value. */
    private static final byte[] INVALIDITY_DATE = {0x06, 0x03, 0x55, 0x1d, 0x18, 0x04, 0x11, 0x18, 0x0f};

    private static final int SECONDS_PER_DAY = 86_400;

    private byte[] buffer = new byte[128];
    private int position;

    /** Writes the entry's DER to {@code out}; returns its length. */
    int write(CrlEntry entry, OutputStream out) throws IOException {
        long revokedAt = entry.revokedAt().getEpochSecond();
        Long invalidity =
                entry.invalidityDate() == null ? null : entry.invalidityDate().getEpochSecond();
        int reason = entry.reason() == null || entry.reason().equals("unspecified")
                ? -1
                : RevocationReasons.code(entry.reason());
        if (!utcOrGeneralizedFast(revokedAt) || (invalidity != null && !generalizedFast(invalidity))) {
            byte[] der = encodeWithBouncyCastle(entry);
            out.write(der);
            return der.length;
        }
        byte[] serial = entry.serial().toByteArray();
        int serialLength = lengthOfTlv(serial.length);
        boolean generalized = year(revokedAt) > 2049;
        int timeLength = generalized ? 17 : 15;
        int extensionsContent = (reason >= 0 ? 12 : 0) + (invalidity != null ? 26 : 0);
        int content = serialLength + timeLength + (extensionsContent == 0 ? 0 : 2 + extensionsContent);
        ensure(lengthOfTlv(content));
        position = 0;
        header(0x30, content);
        header(0x02, serial.length);
        put(serial);
        time(revokedAt, generalized);
        if (extensionsContent > 0) {
            header(0x30, extensionsContent);
            if (reason >= 0) {
                header(0x30, 10);
                put(REASON_CODE);
                buffer[position++] = (byte) reason;
            }
            if (invalidity != null) {
                header(0x30, 24);
                put(INVALIDITY_DATE);
                digits(invalidity, true);
            }
        }
        out.write(buffer, 0, position);
        return position;
    }

    /** The entry as Bouncy Castle's ASN.1 objects encode it (the reference for the hand encoding). */
    static byte[] encodeWithBouncyCastle(CrlEntry entry) {
        ASN1EncodableVector v = new ASN1EncodableVector(3);
        v.add(new ASN1Integer(entry.serial()));
        v.add(new Time(new Date(entry.revokedAt().getEpochSecond() * 1000)));
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        try {
            if (entry.reason() != null && !entry.reason().equals("unspecified")) {
                extensions.addExtension(
                        Extension.reasonCode, false, CRLReason.lookup(RevocationReasons.code(entry.reason())));
            }
            if (entry.invalidityDate() != null) {
                extensions.addExtension(
                        Extension.invalidityDate,
                        false,
                        new DERGeneralizedTime(new Date(entry.invalidityDate().getEpochSecond() * 1000)));
            }
            if (!extensions.isEmpty()) {
                v.add(extensions.generate());
            }
            return new DERSequence(v).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A revocationDate this class encodes itself: UTCTime for 1950-2049, GeneralizedTime to 9999. */
    private static boolean utcOrGeneralizedFast(long epochSecond) {
        int year = year(epochSecond);
        return year >= 1950 && year <= 9999;
    }

    /** An invalidityDate (always GeneralizedTime) this class encodes itself. */
    private static boolean generalizedFast(long epochSecond) {
        return utcOrGeneralizedFast(epochSecond);
    }

    private static int year(long epochSecond) {
        return (int) civil(Math.floorDiv(epochSecond, SECONDS_PER_DAY))[0];
    }

    /** RFC 5280 Time: UTCTime YYMMDDHHMMSSZ through 2049, GeneralizedTime YYYYMMDDHHMMSSZ from 2050. */
    private void time(long epochSecond, boolean generalized) {
        buffer[position++] = (byte) (generalized ? 0x18 : 0x17);
        buffer[position++] = (byte) (generalized ? 15 : 13);
        digits(epochSecond, generalized);
    }

    private void digits(long epochSecond, boolean fourDigitYear) {
        long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        long[] ymd = civil(day);
        int year = (int) ymd[0];
        if (fourDigitYear) {
            two(year / 100);
        }
        two(year % 100);
        two((int) ymd[1]);
        two((int) ymd[2]);
        two(secondOfDay / 3600);
        two(secondOfDay / 60 % 60);
        two(secondOfDay % 60);
        buffer[position++] = 'Z';
    }

    private void two(int value) {
        buffer[position++] = (byte) ('0' + value / 10);
        buffer[position++] = (byte) ('0' + value % 10);
    }

    /** Proleptic Gregorian year, month, day of a day since 1970-01-01 (H. Hinnant's civil_from_days). */
    private static long[] civil(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        return new long[] {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
    }

    private static int lengthOfTlv(int contentLength) {
        return 1 + lengthOfLength(contentLength) + contentLength;
    }

    private static int lengthOfLength(int length) {
        return length < 0x80 ? 1 : 1 + (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
    }

    private void header(int tag, int length) {
        buffer[position++] = (byte) tag;
        if (length < 0x80) {
            buffer[position++] = (byte) length;
            return;
        }
        int bytes = lengthOfLength(length) - 1;
        buffer[position++] = (byte) (0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            buffer[position++] = (byte) (length >>> (8 * i));
        }
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    private void ensure(int length) {
        if (buffer.length < length) {
            buffer = Arrays.copyOf(buffer, Math.max(length, buffer.length * 2));
        }
    }
}
