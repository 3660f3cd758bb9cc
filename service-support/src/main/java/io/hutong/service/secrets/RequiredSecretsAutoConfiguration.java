package io.hutong.service.secrets;

import io.hutong.schemas.secrets.RequiredSecrets;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a service whose secrets (listed under {@code hutong.secrets.required} in its
 * {@code application.yml}) are unset or known development values, before any bean — a data source,
 * a Kafka client, the signing key — is created. It checks once the environment is complete, so
 * settings from the command line, the environment and tests' dynamic properties all count.
 */
@AutoConfiguration
public class RequiredSecretsAutoConfiguration {

  @Bean
  static BeanFactoryPostProcessor refuseMissingOrDevelopmentSecrets(Environment environment) {
    return beanFactory ->
        RequiredSecrets.require(
            Binder.get(environment)
                .bind(RequiredSecrets.SETTING, Bindable.listOf(String.class))
                .orElse(List.of()),
            environment::getProperty);
  }
}
