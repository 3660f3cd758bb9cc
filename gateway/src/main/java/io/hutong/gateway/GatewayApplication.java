package io.hutong.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The single entry point of Hutong: validates Keycloak tokens, applies coarse role rules per route
 * and forwards {@code /api/catalog/**}, {@code /api/exchange/**} and {@code /api/audit/**} to the
 * services, relaying the caller's token. It holds no business rules.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@org.springframework.scheduling.annotation.EnableScheduling
public class GatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }
}
