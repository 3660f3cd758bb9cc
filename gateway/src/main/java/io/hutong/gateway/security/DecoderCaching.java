package io.hutong.gateway.security;

import java.time.Clock;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Keeps Spring Boot's JWT decoder (JWKS, issuer, audience and expiry checks exactly as configured)
 * and puts {@link CachingJwtDecoder} in front of it; and turns off Spring Security's per-filter
 * observations, which cost more than the rest of the security chain on a busy gateway (request
 * metrics stay).
 */
@Configuration
class DecoderCaching {

  @Bean
  static BeanPostProcessor cachingJwtDecoder() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof ReactiveJwtDecoder decoder && !(bean instanceof CachingJwtDecoder)
            ? new CachingJwtDecoder(decoder, Clock.systemUTC())
            : bean;
      }
    };
  }

  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }
}
