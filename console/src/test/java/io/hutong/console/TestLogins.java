package io.hutong.console;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;

import io.hutong.schemas.identity.HutongRole;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The Keycloak side of the tests: a registration with fixed endpoints (no discovery), an access
 * token the stub gateway can recognise, and logged-in people of each role.
 */
@TestConfiguration
class TestLogins {

  static final String ACCESS_TOKEN = "test-access-token";

  static final ClientRegistration KEYCLOAK =
      ClientRegistration.withRegistrationId("keycloak")
          .clientId("hutong-console")
          .clientSecret("test-secret")
          .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
          .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
          .scope("openid", "profile")
          .authorizationUri("http://localhost:8180/realms/hutong/protocol/openid-connect/auth")
          .tokenUri("http://localhost:8180/realms/hutong/protocol/openid-connect/token")
          .jwkSetUri("http://localhost:8180/realms/hutong/protocol/openid-connect/certs")
          .userInfoUri("http://localhost:8180/realms/hutong/protocol/openid-connect/userinfo")
          .userNameAttributeName("preferred_username")
          .build();

  @Bean
  ClientRegistrationRepository clientRegistrationRepository() {
    return new InMemoryClientRegistrationRepository(KEYCLOAK);
  }

  /** Hands out the test token, as the real manager hands out the session's (refreshed) one. */
  @Bean
  @Primary
  OAuth2AuthorizedClientManager testAuthorizedClients() {
    return request ->
        new OAuth2AuthorizedClient(
            KEYCLOAK,
            request.getPrincipal().getName(),
            new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER,
                ACCESS_TOKEN,
                Instant.now(),
                Instant.now().plusSeconds(300)));
  }

  static RequestPostProcessor person(String name, String department, HutongRole role) {
    return oidcLogin()
        .clientRegistration(KEYCLOAK)
        .idToken(
            token ->
                token
                    .subject(name)
                    .claim("preferred_username", name)
                    .claim("department", department))
        .authorities(new SimpleGrantedAuthority(role.authority()));
  }

  static RequestPostProcessor civilAffairsAdmin() {
    return person("civil-affairs-admin", "civil-affairs", HutongRole.DATA_ADMIN);
  }

  static RequestPostProcessor auditor() {
    return person("auditor", "hutong-operations", HutongRole.AUDITOR);
  }

  static RequestPostProcessor platformAdmin() {
    return person("platform-admin", "hutong-operations", HutongRole.PLATFORM_ADMIN);
  }
}
