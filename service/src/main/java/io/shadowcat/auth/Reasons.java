package io.shadowcat.auth;

/** The vocabulary of refusal reasons: metric names and audit log values use exactly these words. */
public final class Reasons {
    public static final String MISSING_TOKEN = "missing_token";
    public static final String TOKEN_IN_QUERY = "token_in_query";
    public static final String OVERSIZED = "oversized";
    public static final String MALFORMED = "malformed";
    public static final String UNSUPPORTED_ALGORITHM = "unsupported_algorithm";
    public static final String UNSUPPORTED_CRIT = "unsupported_crit";
    public static final String UNKNOWN_KEY = "unknown_key";
    public static final String BAD_SIGNATURE = "bad_signature";
    public static final String EXPIRED = "expired";
    public static final String NOT_YET_VALID = "not_yet_valid";
    public static final String BAD_ISSUER = "bad_issuer";
    public static final String BAD_AUDIENCE = "bad_audience";
    public static final String BAD_CLAIMS = "bad_claims";
    public static final String INACTIVE = "inactive";
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    public static final String CHECK_UNAVAILABLE = "check_unavailable";

    private Reasons() {
    }
}
