package io.shadowcat.proxy;

/**
 * One admission stage of the proxy after auth (rate limit, policy): admits a request, refuses it,
 * answers it, or delays it. Implementations must be thread-safe and must not block (a delay is a
 * value, not a sleep); exceptions mean "could not decide" and are answered as 500.
 */
@FunctionalInterface
public interface ExchangeCheck {
    /** Admits every request; the stage is still timed so the breakdown stays whole. */
    ExchangeCheck PASS = request -> Admission.ADMIT;

    /** @param request the request, valid only during this call */
    Admission check(AdmissionRequest request);
}
