package ir.meganaft.ragateway.request;

import java.time.Instant;

/** One step of a request's history: who moved it where, when, and why. */
public record StateChange(RequestState from, RequestState to, String actor, String note, Instant at) {}
