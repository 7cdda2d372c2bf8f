package ir.meganaft.ragateway.identity;

import java.time.LocalDate;

/**
 * An inquiry to the civil registry (سازمان ثبت احوال) about a person. The real registry is not
 * reachable from here; connectors implement this interface, and the default one says honestly
 * that no inquiry was performed.
 */
public interface CivilRegistry {

    enum Outcome {
        /** The registry knows this national code with this name (and birth date, when given). */
        MATCH,
        /** The registry knows the national code under another name or birth date. */
        MISMATCH,
        /** The registry does not know the national code. */
        NOT_FOUND,
        /** No inquiry was made (no connector, or the registry did not answer). */
        NOT_PERFORMED
    }

    record Answer(Outcome outcome, String detail) {}

    Answer inquire(String nationalCode, String givenName, String surname, LocalDate birthDate);
}
