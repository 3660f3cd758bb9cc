package io.hutong.console.security;

import io.hutong.schemas.secrets.RequiredSecrets;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Refuses to start the console while its Keycloak client secret (listed under {@code
 * hutong.secrets.required}) is unset or a known development value, before any bean is created — the
 * rule every Hutong process follows.
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
