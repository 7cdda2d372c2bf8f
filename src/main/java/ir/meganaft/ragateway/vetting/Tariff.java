package ir.meganaft.ragateway.vetting;

/** What an applicant outside the industry pays at the RA office, in Iranian rials (config/ gateway.tariff.*). */
public record Tariff(long tokenRials, long issuanceRials) {

    public long totalRials() {
        return tokenRials + issuanceRials;
    }
}
