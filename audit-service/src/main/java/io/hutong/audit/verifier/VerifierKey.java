package io.hutong.audit.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An Ed25519 key that may sign Hutong checkpoints, in the C2SP signed-note verifier-key form {@code
 * <name>+<hex key id>+<base64(0x01 || public key)>}. The key id — the first four bytes of {@code
 * SHA-256(name || "\n" || 0x01 || public key)} — is written into every signature, so each signed
 * tree head says which key signed it, and after a rotation old and new heads tell their keys apart.
 */
public final class VerifierKey {

  /** Algorithm byte of Ed25519 in signed notes. */
  static final byte ED25519 = 0x01;

  /** X.509 SubjectPublicKeyInfo prefix of an Ed25519 key, followed by the 32 raw bytes. */
  private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final String name;
  private final byte[] rawPublicKey;
  private final byte[] id;

  private VerifierKey(String name, byte[] rawPublicKey) {
    if (rawPublicKey.length != 32) {
      throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
    }
    this.name = name;
    this.rawPublicKey = rawPublicKey.clone();
    this.id = keyId(name, rawPublicKey);
  }

  /** The key called {@code name} with the 32-byte Ed25519 public key {@code rawPublicKey}. */
  public static VerifierKey of(String name, byte[] rawPublicKey) {
    return new VerifierKey(name, rawPublicKey);
  }

  /** Parses {@code <name>+<hex id>+<base64 key>}, refusing a key whose id does not match it. */
  public static VerifierKey parse(String text) {
    String[] parts = text.strip().split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("verifier key must be <name>+<hex id>+<base64 key>");
    }
    byte[] typed;
    try {
      typed = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("verifier key " + parts[0] + " is not base64", e);
    }
    if (typed.length != 33 || typed[0] != ED25519) {
      throw new IllegalArgumentException("verifier key " + parts[0] + " is not an Ed25519 key");
    }
    VerifierKey key = new VerifierKey(parts[0], Arrays.copyOfRange(typed, 1, 33));
    if (!key.keyId().equalsIgnoreCase(parts[1])) {
      throw new IllegalArgumentException("verifier key id does not match its name and key");
    }
    return key;
  }

  public String name() {
    return name;
  }

  /** The key id as eight hex digits, as it appears in the verifier key. */
  public String keyId() {
    return HexFormat.of().formatHex(id);
  }

  /** {@code <name>+<hex id>}: how messages name a key without its public part. */
  public String label() {
    return name + "+" + keyId();
  }

  /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
  boolean verifies(byte[] message, byte[] signature) {
    try {
      byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
      System.arraycopy(rawPublicKey, 0, encoded, X509_PREFIX.length, 32);
      PublicKey key =
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  byte[] id() {
    return id.clone();
  }

  /** The verifier key: {@code <name>+<hex id>+<base64(0x01 || public key)>}. */
  @Override
  public String toString() {
    byte[] typed = new byte[33];
    typed[0] = ED25519;
    System.arraycopy(rawPublicKey, 0, typed, 1, 32);
    return label() + "+" + Base64.getEncoder().encodeToString(typed);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifierKey key
        && key.name.equals(name)
        && Arrays.equals(key.rawPublicKey, rawPublicKey);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(rawPublicKey);
  }

  private static byte[] keyId(String name, byte[] rawPublicKey) {
    var sha = Rfc9162.sha256();
    sha.update((name + "\n").getBytes(StandardCharsets.UTF_8));
    sha.update(ED25519);
    sha.update(rawPublicKey);
    return Arrays.copyOf(sha.digest(), 4);
  }
}
