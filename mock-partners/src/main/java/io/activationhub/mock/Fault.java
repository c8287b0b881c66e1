package io.activationhub.mock;

/** What the misbehaviour settings impose on one request, decided when it arrives. */
record Fault(long latencyMs, Kind kind, int status, long retryAfterSeconds) {

    enum Kind { NONE, DROP_CONNECTION, FAIL, RATE_LIMIT }
}
