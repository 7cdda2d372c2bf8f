package ir.meganaft.ragateway.request;

import java.time.Instant;

/** The token holding the certificate, handed over: which token, to whom, by which registrar, when. */
public record Delivery(String tokenSerialNumber, String deliveredTo, String officerId, Instant at) {}
