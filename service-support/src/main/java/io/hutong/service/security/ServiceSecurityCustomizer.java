package io.hutong.service.security;

import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own authorization rules, applied by the shared security chain before its final rule
 * (every other request needs a valid token). The audit service declares one to reserve its API for
 * auditors; services without special rules declare none.
 */
@FunctionalInterface
public interface ServiceSecurityCustomizer {

  void authorize(
      AuthorizeHttpRequestsConfigurer<
                  org.springframework.security.config.annotation.web.builders.HttpSecurity>
              .AuthorizationManagerRequestMatcherRegistry
          rules);
}
