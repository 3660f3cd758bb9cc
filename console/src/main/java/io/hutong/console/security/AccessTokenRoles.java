package io.hutong.console.security;

import io.hutong.schemas.identity.Caller;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Gives the signed-in person the authorities of their Keycloak realm roles. Keycloak puts realm
 * roles ({@code realm_access.roles}) in the access token, not the ID token, so the console reads
 * them from the access token it was just given — after checking its signature and issuer like any
 * resource server would. Pages are then shown or hidden by the same roles the API checks.
 */
@Configuration
class AccessTokenRoles {

  private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

  @Bean
  OAuth2UserService<OidcUserRequest, OidcUser> oidcUserService() {
    OidcUserService delegate = new OidcUserService();
    return request -> {
      OidcUser user = delegate.loadUser(request);
      Map<String, Object> claims =
          decoder(request.getClientRegistration())
              .decode(request.getAccessToken().getTokenValue())
              .getClaims();
      Set<GrantedAuthority> authorities = new LinkedHashSet<>(user.getAuthorities());
      Caller.fromClaims(claims).roles().stream()
          .map(role -> new SimpleGrantedAuthority(role.authority()))
          .forEach(authorities::add);
      return new DefaultOidcUser(
          authorities, user.getIdToken(), user.getUserInfo(), ConsoleUser.NAME_CLAIM);
    };
  }

  private JwtDecoder decoder(ClientRegistration registration) {
    return decoders.computeIfAbsent(
        registration.getRegistrationId(),
        id -> {
          ClientRegistration.ProviderDetails provider = registration.getProviderDetails();
          NimbusJwtDecoder decoder =
              NimbusJwtDecoder.withJwkSetUri(provider.getJwkSetUri()).build();
          if (provider.getIssuerUri() != null) {
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(provider.getIssuerUri()));
          }
          return decoder;
        });
  }
}
