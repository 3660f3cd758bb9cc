package io.hutong.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.audit.config.AuditProperties;
import io.hutong.audit.verifier.Checkpoint;
import io.hutong.audit.verifier.SigningKeyPair;
import io.hutong.audit.verifier.TrustedKeys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

  private final SigningKeyPair current = SigningKeyPair.generate("hutong-audit");
  private final SigningKeyPair previous = SigningKeyPair.generate("hutong-audit");

  @Test
  void trusted_isTheCurrentKeyThenThePreviousOnes() {
    SigningKeys keys =
        new SigningKeys(
            settings(
                current.privateKeyPkcs8(),
                current.publicKeyRaw(),
                List.of(previous.verifierKey().toString())));

    assertThat(keys.current()).isEqualTo(current.verifierKey());
    assertThat(keys.trusted()).containsExactly(current.verifierKey(), previous.verifierKey());
    String note = keys.sign(new Checkpoint(Checkpoint.ORIGIN, 1, new byte[32]));
    assertThat(TrustedKeys.of(keys.trusted()).verify(note).signer())
        .isEqualTo(current.verifierKey());
  }

  @Test
  void start_refusedWhenThePublicKeyIsNotThePrivateKeys() {
    assertThatThrownBy(
            () ->
                new SigningKeys(
                    settings(current.privateKeyPkcs8(), previous.publicKeyRaw(), List.of())))
        .hasMessageContaining("hutong.audit.signing.public-key is not the public key");
  }

  @Test
  void start_refusedWhenAPreviousKeyIsNotAVerifierKey() {
    assertThatThrownBy(
            () ->
                new SigningKeys(
                    settings(
                        current.privateKeyPkcs8(),
                        current.publicKeyRaw(),
                        List.of(previous.publicKeyRaw()))))
        .hasMessageContaining("hutong.audit.signing.previous-verifier-keys[0]");
  }

  private static AuditProperties settings(
      String privateKey, String publicKey, List<String> previousKeys) {
    return new AuditProperties(
        new AuditProperties.Ingest("hutong-audit-ingest", 5000, 100_000, Duration.ofMillis(200)),
        new AuditProperties.Signing("hutong-audit", privateKey, publicKey, previousKeys),
        new AuditProperties.Retention(
            Duration.ofDays(180), Duration.ofHours(1), "hutong_audit_retention", "x"));
  }
}
