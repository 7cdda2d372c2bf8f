package ir.meganaft.ragateway.ca;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;

/** The names of RFC 4210's PKIStatus values and PKIFailureInfo bits, for reasons a person reads. */
public final class CmpStatus {
    private static final String[] STATUSES = {
        "accepted",
        "grantedWithMods",
        "rejection",
        "waiting",
        "revocationWarning",
        "revocationNotification",
        "keyUpdateWarning"
    };
    private static final Map<Integer, String> FAILURES = new LinkedHashMap<>();

    static {
        FAILURES.put(PKIFailureInfo.badAlg, "badAlg");
        FAILURES.put(PKIFailureInfo.badMessageCheck, "badMessageCheck");
        FAILURES.put(PKIFailureInfo.badRequest, "badRequest");
        FAILURES.put(PKIFailureInfo.badTime, "badTime");
        FAILURES.put(PKIFailureInfo.badCertId, "badCertId");
        FAILURES.put(PKIFailureInfo.badDataFormat, "badDataFormat");
        FAILURES.put(PKIFailureInfo.wrongAuthority, "wrongAuthority");
        FAILURES.put(PKIFailureInfo.incorrectData, "incorrectData");
        FAILURES.put(PKIFailureInfo.missingTimeStamp, "missingTimeStamp");
        FAILURES.put(PKIFailureInfo.badPOP, "badPOP");
        FAILURES.put(PKIFailureInfo.certRevoked, "certRevoked");
        FAILURES.put(PKIFailureInfo.certConfirmed, "certConfirmed");
        FAILURES.put(PKIFailureInfo.wrongIntegrity, "wrongIntegrity");
        FAILURES.put(PKIFailureInfo.badRecipientNonce, "badRecipientNonce");
        FAILURES.put(PKIFailureInfo.timeNotAvailable, "timeNotAvailable");
        FAILURES.put(PKIFailureInfo.unacceptedPolicy, "unacceptedPolicy");
        FAILURES.put(PKIFailureInfo.unacceptedExtension, "unacceptedExtension");
        FAILURES.put(PKIFailureInfo.addInfoNotAvailable, "addInfoNotAvailable");
        FAILURES.put(PKIFailureInfo.badSenderNonce, "badSenderNonce");
        FAILURES.put(PKIFailureInfo.badCertTemplate, "badCertTemplate");
        FAILURES.put(PKIFailureInfo.signerNotTrusted, "signerNotTrusted");
        FAILURES.put(PKIFailureInfo.transactionIdInUse, "transactionIdInUse");
        FAILURES.put(PKIFailureInfo.unsupportedVersion, "unsupportedVersion");
        FAILURES.put(PKIFailureInfo.notAuthorized, "notAuthorized");
        FAILURES.put(PKIFailureInfo.systemUnavail, "systemUnavail");
        FAILURES.put(PKIFailureInfo.systemFailure, "systemFailure");
        FAILURES.put(PKIFailureInfo.duplicateCertReq, "duplicateCertReq");
    }

    private CmpStatus() {}

    public static String name(int status) {
        return status >= 0 && status < STATUSES.length ? STATUSES[status] : "status " + status;
    }

    /** The names of the bits set in a failInfo, as Bouncy Castle's PKIFailureInfo constants hold them. */
    public static List<String> failures(int failInfo) {
        List<String> names = new ArrayList<>();
        FAILURES.forEach((bit, name) -> {
            if ((failInfo & bit) != 0) {
                names.add(name);
            }
        });
        return names;
    }
}
