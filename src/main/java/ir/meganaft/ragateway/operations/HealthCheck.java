package ir.meganaft.ragateway.operations;

/**
 * One named check of the gateway's health. A critical check that finds DOWN makes the gateway not
 * ready; a non-critical one only reports.
 */
public record HealthCheck(String name, boolean critical, Probe probe) {

    /** Looks once; may block (a database that does not answer), so the monitor bounds its time. */
    @FunctionalInterface
    public interface Probe {
        Finding look() throws Exception;
    }
}
