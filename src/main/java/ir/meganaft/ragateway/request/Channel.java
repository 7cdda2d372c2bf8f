package ir.meganaft.ragateway.request;

/** The way in: through a company's R&D unit, or in person at an RA office. */
public enum Channel {
    INSIDE_INDUSTRY,
    OUTSIDE_INDUSTRY
}
