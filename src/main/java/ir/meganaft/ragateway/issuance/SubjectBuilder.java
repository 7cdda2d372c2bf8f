package ir.meganaft.ragateway.issuance;

import ir.meganaft.ragateway.identity.PersianText;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Builds the certificate subject from vetted data, never from the CSR (shared/domain.md,
 * "Certificates, by convention"): names in UTF8String so Persian survives, countryName and
 * serialNumber in PrintableString with ASCII digits.
 */
public final class SubjectBuilder {
    static final String UNAFFILIATED = "Unaffiliated";

    public X500Name subjectOf(Applicant a) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        name.addRDN(BCStyle.C, "IR");
        if (a.kind() == ApplicantKind.ORGANIZATION) {
            name.addRDN(BCStyle.O, PersianText.normalize(a.organizationName()));
            if (a.organizationalUnit() != null) {
                name.addRDN(BCStyle.OU, PersianText.normalize(a.organizationalUnit()));
            }
            name.addRDN(BCStyle.ORGANIZATION_IDENTIFIER, "NTRIR-" + a.legalId());
            name.addRDN(BCStyle.CN, PersianText.normalize(a.organizationName()));
            return name.build();
        }
        name.addRDN(BCStyle.O, a.organizationName() == null ? UNAFFILIATED : PersianText.normalize(a.organizationName()));
        if (a.organizationalUnit() != null) {
            name.addRDN(BCStyle.OU, PersianText.normalize(a.organizationalUnit()));
        }
        name.addRDN(BCStyle.SURNAME, PersianText.normalize(a.surname()));
        name.addRDN(BCStyle.GIVENNAME, PersianText.normalize(a.givenName()));
        name.addRDN(BCStyle.SERIALNUMBER, a.nationalCode());
        name.addRDN(BCStyle.CN, PersianText.normalize(a.givenName() + " " + a.surname()));
        return name.build();
    }
}
