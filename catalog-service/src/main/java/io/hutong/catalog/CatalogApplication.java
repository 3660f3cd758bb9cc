package io.hutong.catalog;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The resource catalogue: where data administrators register what their department shares and
 * decide who may read it. Owns PostgreSQL schema {@code catalog} and topic {@code
 * hutong.catalog.events}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CatalogApplication {

  public static void main(String[] args) {
    SpringApplication.run(CatalogApplication.class, args);
  }
}
