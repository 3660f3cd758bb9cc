package io.hutong.audit.config;

import io.hutong.schemas.identity.HutongRole;
import io.hutong.service.security.ServiceSecurityCustomizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Separation of duties: only auditors read the audit log — not even platform administrators. Added
 * to the shared security chain, after its public health and API-description rules.
 */
@Component
class AuditorsOnly implements ServiceSecurityCustomizer {

  @Override
  public void authorize(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry
          rules) {
    rules.requestMatchers("/api/audit/**").hasRole(HutongRole.AUDITOR.name());
  }
}
