package io.hutong.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RequiredSecretsCheckTest {

  private final ApplicationContextRunner gateway =
      new ApplicationContextRunner()
          .withUserConfiguration(RequiredSecretsCheck.class)
          .withPropertyValues("hutong.secrets.required=spring.datasource.password");

  @Test
  void start_refusedWithoutTheDatabasePassword() {
    gateway.run(
        context ->
            assertThat(context.getStartupFailure())
                .hasMessageContaining("spring.datasource.password is not set")
                .hasMessageContaining("SPRING_DATASOURCE_PASSWORD"));
  }

  @Test
  void start_refusedWithTheCommittedDevelopmentPassword() {
    gateway
        .withPropertyValues("spring.datasource.password=hutong_gateway-local-dev")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .hasMessageContaining("known development value"));
  }

  @Test
  void start_proceedsWithItsOwnPassword() {
    gateway
        .withPropertyValues("spring.datasource.password=Zk3hQ0u9tG2wYbV1cX8pL5mN7rS4aD6e")
        .run(context -> assertThat(context).hasNotFailed());
  }
}
