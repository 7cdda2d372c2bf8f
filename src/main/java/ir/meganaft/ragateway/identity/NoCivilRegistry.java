package ir.meganaft.ragateway.identity;

import java.time.LocalDate;

/** The default: no civil-registry connector is configured, and the evidence says so. */
public final class NoCivilRegistry implements CivilRegistry {
    @Override
    public Answer inquire(String nationalCode, String givenName, String surname, LocalDate birthDate) {
        return new Answer(
                Outcome.NOT_PERFORMED, "no civil-registry connector is configured (gateway.civil-registry.url)");
    }
}
