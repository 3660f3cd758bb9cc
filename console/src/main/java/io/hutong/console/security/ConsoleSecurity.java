package io.hutong.console.security;

import io.hutong.schemas.identity.HutongRole;
import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may open which page, and how people log in and out. Login is OIDC authorization code with
 * PKCE against Keycloak; the tokens stay in the server-side session and the browser holds only the
 * session cookie. Every page carries a strict content security policy (scripts and styles only from
 * the console itself); every form is CSRF-protected; logout also ends the Keycloak session. The
 * page rules mirror the API's roles so nobody is shown a page the API would refuse — the API still
 * decides every call.
 */
@Configuration
class ConsoleSecurity {

  static final String REGISTRATION = "keycloak";

  @Bean
  SecurityFilterChain console(HttpSecurity http, ClientRegistrationRepository registrations)
      throws Exception {
    DefaultOAuth2AuthorizationRequestResolver authorizationRequests =
        new DefaultOAuth2AuthorizationRequestResolver(
            registrations,
            OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
    authorizationRequests.setAuthorizationRequestCustomizer(
        OAuth2AuthorizationRequestCustomizers.withPkce());
    OidcClientInitiatedLogoutSuccessHandler logout =
        new OidcClientInitiatedLogoutSuccessHandler(registrations);
    logout.setPostLogoutRedirectUri("{baseUrl}/");
    return http.authorizeHttpRequests(
            auth ->
                auth.requestMatchers(
                        "/actuator/health",
                        "/actuator/health/**",
                        "/css/**",
                        "/js/**",
                        "/webjars/**",
                        "/favicon.ico",
                        "/error")
                    .permitAll()
                    .requestMatchers("/admin/**")
                    .hasRole(HutongRole.PLATFORM_ADMIN.name())
                    .requestMatchers("/audit/**")
                    .hasRole(HutongRole.AUDITOR.name())
                    .requestMatchers("/datasets/**", "/access/**", "/systems/**")
                    .hasRole(HutongRole.DATA_ADMIN.name())
                    .anyRequest()
                    .authenticated())
        .oauth2Login(
            login ->
                login.authorizationEndpoint(
                    endpoint -> endpoint.authorizationRequestResolver(authorizationRequests)))
        .oauth2Client(Customizer.withDefaults())
        .logout(out -> out.logoutSuccessHandler(logout))
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(
                        csp ->
                            csp.policyDirectives(
                                contentSecurityPolicy(keycloakOrigin(registrations))))
                    .referrerPolicy(
                        referrer ->
                            referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
        .build();
  }

  /**
   * Only the console's own scripts, styles and connections. Forms may also lead to Keycloak: the
   * logout form's answer redirects there to end the Keycloak session, and browsers check a form's
   * redirects against {@code form-action} too.
   */
  static String contentSecurityPolicy(String keycloakOrigin) {
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        + " connect-src 'self'; frame-ancestors 'none'; form-action 'self'"
        + (keycloakOrigin == null ? "" : " " + keycloakOrigin);
  }

  /** Scheme, host and port of the Keycloak the console logs in with. */
  static String keycloakOrigin(ClientRegistrationRepository registrations) {
    ClientRegistration registration = registrations.findByRegistrationId(REGISTRATION);
    if (registration == null || registration.getProviderDetails().getAuthorizationUri() == null) {
      return null;
    }
    URI uri = URI.create(registration.getProviderDetails().getAuthorizationUri());
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
