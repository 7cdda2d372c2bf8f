package ir.meganaft.ragateway.vetting;

import ir.meganaft.ragateway.csr.ExpectedSubject;
import ir.meganaft.ragateway.request.Applicant;
import ir.meganaft.ragateway.request.ApplicantKind;
import java.util.ArrayList;
import java.util.List;

/** What a CSR subject may say about an applicant: names, identifiers (with ETSI prefixes), e-mail. */
public final class ExpectedSubjects {
    private ExpectedSubjects() {}

    public static ExpectedSubject of(Applicant a) {
        List<String> names = new ArrayList<>();
        List<String> identifiers = new ArrayList<>();
        if (a.kind() == ApplicantKind.ORGANIZATION) {
            names.add(a.organizationName());
            if (a.organizationNameLatin() != null) {
                names.add(a.organizationNameLatin());
            }
            identifiers.add(a.legalId());
            identifiers.add("NTRIR-" + a.legalId());
        } else {
            names.add(a.givenName() + " " + a.surname());
            if (a.givenNameLatin() != null && a.surnameLatin() != null) {
                names.add(a.givenNameLatin() + " " + a.surnameLatin());
            }
            identifiers.add(a.nationalCode());
            identifiers.add("PNOIR-" + a.nationalCode());
        }
        return new ExpectedSubject(List.copyOf(names), List.copyOf(identifiers), a.email());
    }
}
