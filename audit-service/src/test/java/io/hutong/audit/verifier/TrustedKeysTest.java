package io.hutong.audit.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedKeysTest {

  private final SigningKeyPair oldKey = SigningKeyPair.generate("hutong-audit");
  private final SigningKeyPair newKey = SigningKeyPair.generate("hutong-audit");
  private final byte[] root = Rfc9162.leafHash(new byte[] {7});

  @Test
  void verify_acceptsACheckpointSignedBeforeTheRotationWithTheOldKeyStillTrusted() {
    String before = oldKey.sign(5, root);
    String after = newKey.sign(6, root);
    TrustedKeys trusted = TrustedKeys.of(List.of(newKey.verifierKey(), oldKey.verifierKey()));

    TrustedKeys.Signed old = trusted.verify(before);
    TrustedKeys.Signed current = trusted.verify(after);

    assertThat(old.checkpoint().size()).isEqualTo(5);
    assertThat(old.signer()).isEqualTo(oldKey.verifierKey());
    assertThat(current.checkpoint().size()).isEqualTo(6);
    assertThat(current.signer()).isEqualTo(newKey.verifierKey());
  }

  @Test
  void verify_refusesACheckpointSignedByAnUnknownKeyNamingThatKey() {
    SigningKeyPair stranger = SigningKeyPair.generate("hutong-audit");
    TrustedKeys trusted = TrustedKeys.of(List.of(newKey.verifierKey(), oldKey.verifierKey()));

    assertThatThrownBy(() -> trusted.verify(stranger.sign(5, root)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signed by " + stranger.verifierKey().label())
        .hasMessageContaining("not a trusted key")
        .hasMessageContaining(newKey.verifierKey().label())
        .hasMessageContaining(oldKey.verifierKey().label());
  }

  @Test
  void verify_refusesAnAlteredCheckpointOfATrustedKey() {
    String note = oldKey.sign(5, root);
    TrustedKeys trusted = TrustedKeys.of(List.of(newKey.verifierKey(), oldKey.verifierKey()));

    assertThatThrownBy(() -> trusted.verify(note.replace("\n5\n", "\n9\n")))
        .hasMessageContaining("signature by " + oldKey.verifierKey().label() + " does not verify");
  }

  @Test
  void verify_refusesANoteWithoutSignature() {
    TrustedKeys trusted = TrustedKeys.of(List.of(newKey.verifierKey()));

    assertThatThrownBy(() -> trusted.verify("hutong-audit\n5\nAAAA\n\n"))
        .hasMessageContaining("no signature");
  }

  @Test
  void parse_readsVerifierKeysAndRefusesOneWhoseIdDoesNotMatch() {
    String text = oldKey.verifierKey().toString();
    String otherId = text.replace(oldKey.verifierKey().keyId(), "00000000");

    assertThat(TrustedKeys.parse(List.of(text)).keys()).containsExactly(oldKey.verifierKey());
    assertThat(VerifierKey.parse(text).keyId()).matches("[0-9a-f]{8}");
    assertThatThrownBy(() -> TrustedKeys.parse(List.of(otherId)))
        .hasMessageContaining("id does not match");
    assertThatThrownBy(() -> TrustedKeys.parse(List.of())).hasMessageContaining("at least one");
  }
}
