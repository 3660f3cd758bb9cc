package io.hutong.audit.verifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A C2SP {@code tlog-checkpoint} (origin, tree size, base64 root hash) as a C2SP {@code
 * signed-note} signed with Ed25519. The verifier key is {@code <name>+<hex key id>+<base64(0x01 ||
 * public key)>}; the key id is the first four bytes of {@code SHA-256(name || "\n" || 0x01 ||
 * public key)}.
 */
public record Checkpoint(String origin, long size, byte[] rootHash) {

  /** The origin line of every Hutong audit checkpoint, whatever the signing key is named. */
  public static final String ORIGIN = "hutong-audit";

  /** Algorithm byte of Ed25519 in signed notes. */
  static final byte ED25519 = 0x01;

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
      byte[] keyId = keyId(keyName, rawPublicKey);
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
    byte[] typed = new byte[1 + rawPublicKey.length];
    typed[0] = ED25519;
    System.arraycopy(rawPublicKey, 0, typed, 1, rawPublicKey.length);
    return keyName
        + "+"
        + HexFormat.of().formatHex(keyId(keyName, rawPublicKey))
        + "+"
        + Base64.getEncoder().encodeToString(typed);
  }

  static byte[] keyId(String keyName, byte[] rawPublicKey) {
    var sha = Rfc9162.sha256();
    sha.update((keyName + "\n").getBytes(StandardCharsets.UTF_8));
    sha.update(ED25519);
    sha.update(rawPublicKey);
    return Arrays.copyOf(sha.digest(), 4);
  }

  /**
   * Parses and verifies a signed note against a verifier key; the checkpoint if a signature by that
   * key is valid, else an exception saying why not.
   */
  public static Checkpoint verify(String note, String verifierKey) {
    String[] key = verifierKey.strip().split("\\+", 3);
    if (key.length != 3) {
      throw new IllegalArgumentException("verifier key must be <name>+<hex id>+<base64 key>");
    }
    String name = key[0];
    byte[] id = HexFormat.of().parseHex(key[1]);
    byte[] typed = Base64.getDecoder().decode(key[2]);
    if (typed.length != 33 || typed[0] != ED25519) {
      throw new IllegalArgumentException("verifier key is not an Ed25519 key");
    }
    byte[] raw = Arrays.copyOfRange(typed, 1, 33);
    if (!Arrays.equals(id, keyId(name, raw))) {
      throw new IllegalArgumentException("verifier key id does not match its name and key");
    }
    int split = note.indexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException("not a signed note: no blank line before signatures");
    }
    String body = note.substring(0, split + 1);
    String[] lines = body.split("\n");
    if (lines.length < 3) {
      throw new IllegalArgumentException("checkpoint body needs origin, size and root hash");
    }
    if (!lines[0].equals(ORIGIN)) {
      throw new IllegalArgumentException("checkpoint origin is '" + lines[0] + "', not " + ORIGIN);
    }
    Checkpoint checkpoint =
        new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
    for (String line : note.substring(split + 2).split("\n")) {
      String prefix = "\u2014 " + name + " ";
      if (!line.startsWith(prefix)) {
        continue;
      }
      byte[] blob = Base64.getDecoder().decode(line.substring(prefix.length()).strip());
      if (blob.length != 68 || !Arrays.equals(Arrays.copyOf(blob, 4), id)) {
        continue;
      }
      if (ed25519Verify(
          raw, body.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(blob, 4, 68))) {
        return checkpoint;
      }
      throw new IllegalArgumentException("signature by " + name + " does not verify");
    }
    throw new IllegalArgumentException("no signature by " + name + " on the note");
  }

  private static boolean ed25519Verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
    try {
      // X.509 SubjectPublicKeyInfo prefix of an Ed25519 key, then the 32 raw bytes.
      byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
      byte[] encoded = new byte[prefix.length + 32];
      System.arraycopy(prefix, 0, encoded, 0, prefix.length);
      System.arraycopy(rawPublicKey, 0, encoded, prefix.length, 32);
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
}
