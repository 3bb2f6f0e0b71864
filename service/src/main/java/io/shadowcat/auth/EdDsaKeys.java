package io.shadowcat.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * EdDSA (Ed25519) verification with the JDK's own provider: Nimbus verifies EdDSA only through the
 * optional Tink library, which Shadowcat does not ship. Supplies the keys of a JWK set for an EdDSA
 * header and a verifier factory that handles EdDSA itself and hands every other algorithm to Nimbus.
 * Stateless and thread-safe.
 */
final class EdDsaKeys {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410): the raw 32-byte key follows. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private EdDsaKeys() {
    }

    /** The Ed25519 public keys of {@code keys} that {@code header} may name; a malformed key is skipped. */
    static List<Key> select(JWKSet keys, JWSHeader header) {
        List<Key> selected = new ArrayList<>();
        for (JWK jwk : keys.getKeys()) {
            if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())
                    && (header.getKeyID() == null || header.getKeyID().equals(okp.getKeyID()))
                    && (okp.getKeyUse() == null || KeyUse.SIGNATURE.equals(okp.getKeyUse()))) {
                PublicKey key = publicKey(okp);
                if (key != null) {
                    selected.add(key);
                }
            }
        }
        return selected;
    }

    private static PublicKey publicKey(OctetKeyPair okp) {
        byte[] raw = okp.getX().decode();
        byte[] encoded = new byte[X509_PREFIX.length + raw.length];
        System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    /** Nimbus's verifier factory, with EdDSA verified by the JDK. */
    static JWSVerifierFactory verifierFactory() {
        DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();
        return new JWSVerifierFactory() {
            @Override
            public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
                return ALGORITHMS.contains(header.getAlgorithm()) ? new JdkVerifier((PublicKey) key) : nimbus.createJWSVerifier(header, key);
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return nimbus.supportedJWSAlgorithms();
            }

            @Override
            public JCAContext getJCAContext() {
                return nimbus.getJCAContext();
            }
        };
    }

    private record JdkVerifier(PublicKey key) implements JWSVerifier {
        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(key);
                ed25519.update(signingInput);
                return ed25519.verify(signature.decode());
            } catch (java.security.SignatureException e) {
                return false;
            } catch (GeneralSecurityException e) {
                throw new JOSEException("could not verify Ed25519", e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ALGORITHMS;
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }
}
