package io.hutong.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CheckpointTest {

  static final KeyPair KEYS = keys();

  static KeyPair keys() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] raw() {
    byte[] encoded = KEYS.getPublic().getEncoded();
    return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
  }

  @Test
  void aSignedNoteVerifiesWithItsVerifierKey() {
    byte[] root = Rfc9162.leafHash(new byte[] {1});
    String note =
        new Checkpoint("hutong-audit", 7, root).sign("hutong-audit", KEYS.getPrivate(), raw());

    Checkpoint verified = Checkpoint.verify(note, Checkpoint.verifierKey("hutong-audit", raw()));

    assertThat(note).startsWith("hutong-audit\n7\n").contains("\n\n\u2014 hutong-audit ");
    assertThat(verified.size()).isEqualTo(7);
    assertThat(verified.rootHash()).isEqualTo(root);
    assertThat(Checkpoint.verifierKey("hutong-audit", raw()))
        .matches("hutong-audit\\+[0-9a-f]{8}\\+[A-Za-z0-9+/=]{44}");
  }

  @Test
  void anAlteredNoteOrAnotherKeyIsRejected() {
    String note =
        new Checkpoint("hutong-audit", 7, new byte[32])
            .sign("hutong-audit", KEYS.getPrivate(), raw());
    String key = Checkpoint.verifierKey("hutong-audit", raw());

    assertThatThrownBy(() -> Checkpoint.verify(note.replace("\n7\n", "\n8\n"), key))
        .hasMessageContaining("does not verify");
    byte[] otherRaw = Arrays.copyOfRange(keys().getPublic().getEncoded(), 12, 44);
    assertThatThrownBy(
            () -> Checkpoint.verify(note, Checkpoint.verifierKey("hutong-audit", otherRaw)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
