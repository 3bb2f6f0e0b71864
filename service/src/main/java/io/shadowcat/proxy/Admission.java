package io.shadowcat.proxy;

import java.util.Objects;

/**
 * What one admission check decided about a request: admit it, refuse it, answer it without the
 * upstream, or decide only after a delay (which never holds a thread: the exchange resumes from the
 * scheduler).
 */
public sealed interface Admission {
    /** Admits the request to the next stage. */
    Admission ADMIT = new Admit();

    /** The request goes on to the next stage. */
    record Admit() implements Admission {
    }

    /** The request is answered with {@code rejection}. */
    record Refuse(Rejection rejection) implements Admission {
        public Refuse {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    /**
     * The request is answered by the proxy with status 200 and a JSON-RPC response carrying the request's
     * id and {@code memberJson}, never reaching the upstream; a notification gets 202 and no body.
     *
     * @param memberJson the {@code "result":…} or {@code "error":…} member, serialized
     */
    record Respond(String memberJson) implements Admission {
        public Respond {
            Objects.requireNonNull(memberJson, "memberJson");
        }
    }

    /** {@code then} applies after {@code nanos}; the stage stays open meanwhile, so the delay is timed in it. */
    record Delay(long nanos, Admission then) implements Admission {
        public Delay {
            if (nanos < 0) {
                throw new IllegalArgumentException("nanos must not be negative");
            }
            Objects.requireNonNull(then, "then");
            if (then instanceof Delay) {
                throw new IllegalArgumentException("a delay is followed by a decision, not another delay");
            }
        }
    }
}
