package io.hutong.service.openapi;

import io.hutong.service.ServiceProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The service's OpenAPI description, which the gateway's API browser ({@code /docs}) shows: a
 * relative server URL, so "try it out" goes through the gateway, and the bearer token every call
 * needs.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
@EnableConfigurationProperties(ServiceProperties.class)
public class ServiceOpenApiAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  OpenAPI serviceOpenApi(ServiceProperties service) {
    return new OpenAPI()
        .info(
            new Info()
                .title(service.title())
                .version(service.apiPrefix().substring(service.apiPrefix().lastIndexOf('/') + 1))
                .description(
                    service.description()
                        + " Errors are RFC 9457 problem+json. Call it through the gateway with a"
                        + " Keycloak access token of realm hutong."))
        .servers(List.of(new Server().url("/")))
        .components(
            new Components()
                .addSecuritySchemes(
                    "keycloak",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")))
        .addSecurityItem(new SecurityRequirement().addList("keycloak"));
  }
}
