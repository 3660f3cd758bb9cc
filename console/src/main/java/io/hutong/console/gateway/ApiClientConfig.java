package io.hutong.console.gateway;

import io.hutong.console.web.ConsoleProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's one HTTP client: it calls the gateway with the signed-in person's access token,
 * refreshed from the session when it has expired. The browser never sees the token.
 */
@Configuration
class ApiClientConfig {

  static final String REGISTRATION = "keycloak";

  @Bean
  OAuth2AuthorizedClientManager authorizedClientManager(
      ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository clients) {
    DefaultOAuth2AuthorizedClientManager manager =
        new DefaultOAuth2AuthorizedClientManager(registrations, clients);
    manager.setAuthorizedClientProvider(
        OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().refreshToken().build());
    return manager;
  }

  @Bean
  RestClient gatewayClient(
      RestClient.Builder builder,
      ConsoleProperties properties,
      OAuth2AuthorizedClientManager manager,
      OAuth2AuthorizedClientRepository clients,
      JsonMapper json) {
    OAuth2ClientHttpRequestInterceptor bearer = new OAuth2ClientHttpRequestInterceptor(manager);
    bearer.setClientRegistrationIdResolver(request -> REGISTRATION);
    bearer.setAuthorizationFailureHandler(
        OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(clients));
    return builder
        .baseUrl(properties.gatewayUri().toString())
        .requestInterceptor(bearer)
        .defaultStatusHandler(
            status -> status.isError(),
            (request, response) -> {
              throw ApiProblem.read(
                  response.getStatusCode().value(), response.getBody().readAllBytes(), json);
            })
        .build();
  }
}
