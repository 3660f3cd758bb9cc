package io.hutong.audit.verifier;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** A fresh Ed25519 signing key for tests, in every form the service and the verifier take. */
public record SigningKeyPair(String name, KeyPair pair) {

  public static SigningKeyPair generate(String name) {
    try {
      return new SigningKeyPair(name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] rawPublicKey() {
    byte[] encoded = pair.getPublic().getEncoded();
    return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
  }

  /** The {@code hutong.audit.signing.private-key} form: base64 PKCS#8. */
  public String privateKeyPkcs8() {
    return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
  }

  /** The {@code hutong.audit.signing.public-key} form: base64 of the 32 raw bytes. */
  public String publicKeyRaw() {
    return Base64.getEncoder().encodeToString(rawPublicKey());
  }

  public VerifierKey verifierKey() {
    return VerifierKey.of(name, rawPublicKey());
  }

  /** A checkpoint of {@code size} and {@code root} signed with this key. */
  public String sign(long size, byte[] root) {
    return new Checkpoint(Checkpoint.ORIGIN, size, root)
        .sign(name, pair.getPrivate(), rawPublicKey());
  }
}
