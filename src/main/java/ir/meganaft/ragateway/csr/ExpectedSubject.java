package ir.meganaft.ragateway.csr;

import java.util.List;

/**
 * What the applicant's data says the CSR subject may contain.
 *
 * @param names the accepted common names (e.g. the Persian and the Latin full name)
 * @param identifiers the accepted serialNumber / organizationIdentifier values
 * @param email the applicant's e-mail address
 */
public record ExpectedSubject(List<String> names, List<String> identifiers, String email) {}
