package io.hutong.gateway.config;

import io.hutong.schemas.secrets.RequiredSecrets;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Refuses to start the gateway while its secrets (listed under {@code hutong.secrets.required}) are
 * unset or known development values, before any bean is created — the same rule as the services'
 * (the gateway is reactive and does not use service-support, so it applies {@link RequiredSecrets}
 * itself).
 */
@Configuration(proxyBeanMethods = false)
class RequiredSecretsCheck {

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
