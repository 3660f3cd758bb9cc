package io.hutong.audit.tree;

import io.hutong.audit.config.AuditProperties;
import io.hutong.audit.verifier.Checkpoint;
import io.hutong.audit.verifier.TrustedKeys;
import io.hutong.audit.verifier.VerifierKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The key that signs tree heads now, and the keys it replaced. Read and checked once at start-up: a
 * private key that is not Ed25519, a public key that does not belong to it, or a previous key that
 * is not a verifier key stops the service, instead of it handing out heads nobody can verify.
 */
@Component
public class SigningKeys {

  private final String keyName;
  private final PrivateKey privateKey;
  private final byte[] publicKey;
  private final VerifierKey current;
  private final List<VerifierKey> trusted;

  SigningKeys(AuditProperties properties) {
    AuditProperties.Signing signing = properties.signing();
    this.keyName = signing.keyName();
    this.privateKey = privateKey(signing.privateKey());
    this.publicKey = publicKey(signing.publicKey());
    this.current = VerifierKey.of(keyName, publicKey);
    requireMatchingPair();
    List<VerifierKey> keys = new ArrayList<>(List.of(current));
    for (int i = 0; i < signing.previousVerifierKeys().size(); i++) {
      keys.add(previous(i, signing.previousVerifierKeys().get(i)));
    }
    this.trusted = List.copyOf(keys);
  }

  /** {@code checkpoint} signed with the current key, as a signed note. */
  String sign(Checkpoint checkpoint) {
    return checkpoint.sign(keyName, privateKey, publicKey);
  }

  /** The key that signs new tree heads. */
  public VerifierKey current() {
    return current;
  }

  /** The current key first, then every previous one still trusted. */
  public List<VerifierKey> trusted() {
    return trusted;
  }

  private void requireMatchingPair() {
    String probe = sign(new Checkpoint(Checkpoint.ORIGIN, 0, new byte[32]));
    try {
      TrustedKeys.of(List.of(current)).verify(probe);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "hutong.audit.signing.public-key is not the public key of private-key", e);
    }
  }

  private static PrivateKey privateKey(String base64) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "hutong.audit.signing.private-key is not a PKCS#8 Ed25519 key", e);
    }
  }

  private static byte[] publicKey(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != 32) {
      throw new IllegalStateException(
          "hutong.audit.signing.public-key must be 32 raw bytes, base64");
    }
    return raw;
  }

  private static VerifierKey previous(int index, String text) {
    try {
      return VerifierKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "hutong.audit.signing.previous-verifier-keys["
              + index
              + "] is not a verifier key <name>+<hex id>+<base64 key>: "
              + e.getMessage(),
          e);
    }
  }
}
