package io.shadowcat.regression.store;

import io.shadowcat.regression.result.Result;
import java.util.Objects;

/**
 * A run as the store holds it. Immutable.
 *
 * @param key    the result's content key ({@link Result#key()})
 * @param result the run
 */
public record StoredRun(String key, Result result) {
    public StoredRun {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(result, "result");
    }
}
