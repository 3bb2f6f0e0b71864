package io.shadowcat.session;

/**
 * The session id a client connection last carried and the token it opened to. A connection's requests nearly always
 * carry the same id, so with one of these per connection the id is decrypted once per connection, not once per
 * request (AES-GCM and base64, ~1.7% of the proxy's CPU under load). Only an id that opened is kept, and only the
 * decryption is saved: {@link Sessions#resolve(String, long, OpenedSession)} still checks termination, the principal
 * and the age on every request. Not thread-safe: confined to its connection.
 */
public final class OpenedSession {
    private String id;
    private SessionToken token;

    /** The token {@code id} opens to, from the last call if it carried the same id. */
    SessionToken open(String id, SessionCodec codec) {
        if (id.equals(this.id)) {
            return token;
        }
        SessionToken opened = codec.open(id).orElse(null);
        if (opened != null) {
            this.id = id;
            this.token = opened;
        }
        return opened;
    }
}
