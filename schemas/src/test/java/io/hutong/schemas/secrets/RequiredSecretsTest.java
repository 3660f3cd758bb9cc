package io.hutong.schemas.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequiredSecretsTest {

  private static final List<String> AUDIT =
      List.of("spring.datasource.password", "hutong.audit.signing.private-key");

  @Test
  void require_refusesAMissingSecretNamingTheSettingAndItsEnvironmentVariable() {
    Map<String, String> settings = Map.of("hutong.audit.signing.private-key", "a-generated-key");

    assertThatThrownBy(() -> RequiredSecrets.require(AUDIT, settings::get))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("spring.datasource.password is not set")
        .hasMessageContaining("SPRING_DATASOURCE_PASSWORD")
        .hasMessageNotContaining("private-key");
  }

  @Test
  void require_refusesABlankSecret() {
    Map<String, String> settings =
        Map.of(
            "spring.datasource.password", "  ", "hutong.audit.signing.private-key", "k3y-0f-m1n3");

    assertThatThrownBy(() -> RequiredSecrets.require(AUDIT, settings::get))
        .hasMessageContaining("spring.datasource.password is not set");
  }

  @Test
  void require_refusesEveryCommittedOrWellKnownValue() {
    for (String known :
        List.of(
            "hutong_catalog-local-dev",
            "hutong_exchange-local-dev",
            "hutong_audit-local-dev",
            "hutong_gateway-local-dev",
            "hutong_audit_writer-local-dev",
            "hutong_audit_retention-local-dev",
            "admin",
            "ChangeMe",
            "password",
            "MC4CAQAwBQYDK2VwBCIEIFevqJQQ+KEnAkaP8HjOJmjPNyEWs4JNtQsglNR0xpIG")) {
      Map<String, String> settings =
          Map.of(
              "spring.datasource.password",
              "Zk3hQ0u9tG2wYbV1cX8pL5mN7rS4aD6e",
              "hutong.audit.signing.private-key",
              known);

      assertThatThrownBy(() -> RequiredSecrets.require(AUDIT, settings::get))
          .as(known)
          .hasMessageContaining("hutong.audit.signing.private-key holds a known development value")
          .hasMessageContaining("HUTONG_AUDIT_SIGNING_PRIVATEKEY")
          .hasMessageNotContaining(known);
    }
  }

  @Test
  void require_acceptsOwnValues() {
    Map<String, String> settings =
        Map.of(
            "spring.datasource.password", "Zk3hQ0u9tG2wYbV1cX8pL5mN7rS4aD6e",
            "hutong.audit.signing.private-key",
                "MC4CAQAwBQYDK2VwBCIEIOwnKeyOfThisInstallation00000000");

    assertThatCode(() -> RequiredSecrets.require(AUDIT, settings::get)).doesNotThrowAnyException();
    assertThat(RequiredSecrets.problems(List.of(), settings::get)).isEmpty();
  }

  @Test
  void environmentVariable_followsRelaxedBinding() {
    assertThat(RequiredSecrets.environmentVariable("spring.flyway.password"))
        .isEqualTo("SPRING_FLYWAY_PASSWORD");
    assertThat(RequiredSecrets.environmentVariable("hutong.audit.retention.password"))
        .isEqualTo("HUTONG_AUDIT_RETENTION_PASSWORD");
    assertThat(RequiredSecrets.environmentVariable("hutong.keys[0]")).isEqualTo("HUTONG_KEYS_0");
  }
}
