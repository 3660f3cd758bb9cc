package io.hutong.catalog.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /api/catalog/v1/openapi}, which the gateway's API
 * browser ({@code /docs}) shows: relative server URL, so "try it out" goes through the gateway, and
 * the bearer token every call needs.
 */
@Configuration
class OpenApiConfig {

  @Bean
  OpenAPI catalogOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Hutong catalogue")
                .version("v1")
                .description(
                    "The resource catalogue: departments, datasets and their schemas, access requests and grants."
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
