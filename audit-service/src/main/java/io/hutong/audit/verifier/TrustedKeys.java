package io.hutong.audit.verifier;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The keys an auditor trusts to sign Hutong checkpoints: the current signing key and every key it
 * replaced. A checkpoint verifies when it carries a valid signature by any of them, so heads signed
 * before a key rotation stay verifiable after it; one signed only by a key outside the list is
 * refused, naming that key.
 */
public final class TrustedKeys {

  private static final String SIGNATURE_PREFIX = "\u2014 ";

  private final List<VerifierKey> keys;

  private TrustedKeys(List<VerifierKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Trusts {@code keys}; at least one. */
  public static TrustedKeys of(List<VerifierKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one trusted verifier key is needed");
    }
    return new TrustedKeys(keys);
  }

  /** Trusts the keys in verifier-key form ({@link VerifierKey#parse}). */
  public static TrustedKeys parse(List<String> verifierKeys) {
    return of(verifierKeys.stream().map(VerifierKey::parse).toList());
  }

  public List<VerifierKey> keys() {
    return keys;
  }

  /** A checkpoint with the trusted key whose signature on it verified. */
  public record Signed(Checkpoint checkpoint, VerifierKey signer) {}

  /**
   * Parses {@code note} and finds a valid signature by a trusted key on it; else an {@link
   * IllegalArgumentException} saying why not: a bad signature, or only signatures by keys not
   * trusted (named by name and key id).
   */
  public Signed verify(String note) {
    int split = note.indexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException("not a signed note: no blank line before signatures");
    }
    String body = note.substring(0, split + 1);
    Checkpoint checkpoint = Checkpoint.parseBody(body);
    List<String> untrusted = new ArrayList<>();
    for (String line : note.substring(split + 2).split("\n")) {
      if (!line.startsWith(SIGNATURE_PREFIX)) {
        continue;
      }
      String[] nameAndSignature = line.substring(SIGNATURE_PREFIX.length()).strip().split(" ", 2);
      byte[] blob = decode(nameAndSignature);
      if (blob.length != 68) {
        continue;
      }
      byte[] id = Arrays.copyOf(blob, 4);
      VerifierKey key = trusted(nameAndSignature[0], id);
      if (key == null) {
        untrusted.add(nameAndSignature[0] + "+" + HexFormat.of().formatHex(id));
      } else if (key.verifies(
          body.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(blob, 4, 68))) {
        return new Signed(checkpoint, key);
      } else {
        throw new IllegalArgumentException("signature by " + key.label() + " does not verify");
      }
    }
    if (untrusted.isEmpty()) {
      throw new IllegalArgumentException("no signature on the note");
    }
    throw new IllegalArgumentException(
        "signed by "
            + String.join(", ", untrusted)
            + ", which is not a trusted key (trusted: "
            + String.join(", ", keys.stream().map(VerifierKey::label).toList())
            + ")");
  }

  private VerifierKey trusted(String name, byte[] id) {
    return keys.stream()
        .filter(k -> k.name().equals(name) && Arrays.equals(k.id(), id))
        .findFirst()
        .orElse(null);
  }

  private static byte[] decode(String[] nameAndSignature) {
    if (nameAndSignature.length != 2) {
      return new byte[0];
    }
    try {
      return Base64.getDecoder().decode(nameAndSignature[1].strip());
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
