package io.hutong.audit.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP {@code tlog-checkpoint} (origin, tree size, base64 root hash) as a C2SP {@code
 * signed-note} signed with Ed25519. Each signature line names its key and starts with the key's id
 * ({@link VerifierKey}), so a checkpoint says which key signed it.
 */
public record Checkpoint(String origin, long size, byte[] rootHash) {

  /** The origin line of every Hutong audit checkpoint, whatever the signing key is named. */
  public static final String ORIGIN = "hutong-audit";

  /** The note body: three lines, each ending in a newline. */
  public String body() {
    return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
  }

  /** The signed note: body, a blank line, and the signature line. */
  public String sign(String keyName, PrivateKey key, byte[] rawPublicKey) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(key);
      signer.update(body().getBytes(StandardCharsets.UTF_8));
      byte[] signature = signer.sign();
      byte[] keyId = VerifierKey.of(keyName, rawPublicKey).id();
      byte[] blob = new byte[4 + signature.length];
      System.arraycopy(keyId, 0, blob, 0, 4);
      System.arraycopy(signature, 0, blob, 4, signature.length);
      return body()
          + "\n"
          + "\u2014 "
          + keyName
          + " "
          + Base64.getEncoder().encodeToString(blob)
          + "\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign checkpoint", e);
    }
  }

  /** {@code <name>+<hex key id>+<base64(0x01 || public key)>}. */
  public static String verifierKey(String keyName, byte[] rawPublicKey) {
    return VerifierKey.of(keyName, rawPublicKey).toString();
  }

  /**
   * Parses and verifies a signed note against one verifier key; the checkpoint if a signature by
   * that key is valid, else an exception saying why not. {@link TrustedKeys} accepts several.
   */
  public static Checkpoint verify(String note, String verifierKey) {
    return TrustedKeys.parse(List.of(verifierKey)).verify(note).checkpoint();
  }

  /** The checkpoint in a note body (origin, size and root hash lines), not yet verified. */
  static Checkpoint parseBody(String body) {
    String[] lines = body.split("\n");
    if (lines.length < 3) {
      throw new IllegalArgumentException("checkpoint body needs origin, size and root hash");
    }
    if (!lines[0].equals(ORIGIN)) {
      throw new IllegalArgumentException("checkpoint origin is '" + lines[0] + "', not " + ORIGIN);
    }
    try {
      return new Checkpoint(
          lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint size or root hash unreadable", e);
    }
  }
}
