package io.hutong.service.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RequiredSecretsAutoConfigurationTest {

  private final AtomicBoolean dataSourceCreated = new AtomicBoolean();

  private final ApplicationContextRunner service =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(RequiredSecretsAutoConfiguration.class))
          .withBean("dataSource", Object.class, () -> dataSourceCreated.getAndSet(true))
          .withPropertyValues(
              "hutong.secrets.required[0]=spring.datasource.password",
              "hutong.secrets.required[1]=hutong.audit.signing.private-key",
              "hutong.audit.signing.private-key=MC4CAQAwBQYDK2VwBCIEIOwnKeyOfThisInstallation0");

  @Test
  void start_refusedWhenASecretIsMissing_namingTheSettingAndEnvironmentVariable() {
    service.run(
        context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure())
              .hasMessageContaining("spring.datasource.password is not set")
              .hasMessageContaining("SPRING_DATASOURCE_PASSWORD");
          assertThat(dataSourceCreated).isFalse();
        });
  }

  @Test
  void start_refusedWithACommittedDevelopmentPassword() {
    service
        .withPropertyValues("spring.datasource.password=hutong_catalog-local-dev")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasMessageContaining(
                      "spring.datasource.password holds a known development value")
                  .hasMessageNotContaining("hutong_catalog-local-dev");
            });
  }

  @Test
  void start_refusedWithTheOldCommittedSigningKey() {
    service
        .withPropertyValues(
            "spring.datasource.password=Zk3hQ0u9tG2wYbV1cX8pL5mN7rS4aD6e",
            "hutong.audit.signing.private-key="
                + "MC4CAQAwBQYDK2VwBCIEIFevqJQQ+KEnAkaP8HjOJmjPNyEWs4JNtQsglNR0xpIG")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasMessageContaining("hutong.audit.signing.private-key holds a known")
                    .hasMessageContaining("HUTONG_AUDIT_SIGNING_PRIVATEKEY"));
  }

  @Test
  void start_proceedsWithOwnSecrets() {
    service
        .withPropertyValues("spring.datasource.password=Zk3hQ0u9tG2wYbV1cX8pL5mN7rS4aD6e")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(dataSourceCreated).isTrue();
            });
  }
}
