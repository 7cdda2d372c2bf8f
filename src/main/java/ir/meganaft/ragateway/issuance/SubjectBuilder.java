package ir.meganaft.ragateway.issuance;

import ir.meganaft.ragateway.identity.PersianText;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import ir.meganaft.ragateway.request.Channel;
import ir.meganaft.ragateway.request.ChannelDetails;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Builds the certificate subject from vetted data, never from the CSR (docs/domain.md,
 * "Certificate conventions"): names in UTF8String so Persian survives, countryName and
 * serialNumber in PrintableString with ASCII digits. Every value is encoded explicitly, so text
 * from a caller is always text: a value such as {@code #0c05...} is never read as raw DER.
 */
public final class SubjectBuilder {
    static final String UNAFFILIATED = "Unaffiliated";

    /**
     * @param channel inside the industry, a person's organization defaults to the company that sent
     *     the request; outside it, to "Unaffiliated"
     */
    public X500Name subjectOf(Applicant a, ChannelDetails channel) {
        List<RDN> rdns = new ArrayList<>();
        rdns.add(printable(BCStyle.C, "IR"));
        if (a.kind() == ApplicantKind.ORGANIZATION) {
            rdns.add(utf8(BCStyle.O, a.organizationName()));
            if (a.organizationalUnit() != null) {
                rdns.add(utf8(BCStyle.OU, a.organizationalUnit()));
            }
            rdns.add(utf8(BCStyle.ORGANIZATION_IDENTIFIER, "NTRIR-" + a.legalId()));
            rdns.add(utf8(BCStyle.CN, a.organizationName()));
        } else {
            String organization = a.organizationName() != null
                    ? a.organizationName()
                    : channel != null && channel.channel() == Channel.INSIDE_INDUSTRY && channel.companyName() != null
                            ? channel.companyName()
                            : UNAFFILIATED;
            rdns.add(utf8(BCStyle.O, organization));
            if (a.organizationalUnit() != null) {
                rdns.add(utf8(BCStyle.OU, a.organizationalUnit()));
            }
            rdns.add(utf8(BCStyle.SURNAME, a.surname()));
            rdns.add(utf8(BCStyle.GIVENNAME, a.givenName()));
            rdns.add(printable(BCStyle.SERIALNUMBER, a.nationalCode()));
            rdns.add(utf8(BCStyle.CN, a.givenName() + " " + a.surname()));
        }
        return new X500Name(rdns.toArray(new RDN[0]));
    }

    private static RDN utf8(ASN1ObjectIdentifier type, String value) {
        return rdn(type, new DERUTF8String(PersianText.normalize(value)));
    }

    private static RDN printable(ASN1ObjectIdentifier type, String value) {
        if (!DERPrintableString.isPrintableString(value)) {
            throw new IllegalArgumentException(type + " must be printable ASCII, got " + value);
        }
        return rdn(type, new DERPrintableString(value));
    }

    private static RDN rdn(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new RDN(new AttributeTypeAndValue(type, value));
    }
}
