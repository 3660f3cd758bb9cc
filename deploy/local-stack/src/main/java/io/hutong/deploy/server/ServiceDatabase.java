package io.hutong.deploy.server;

import java.util.List;

/**
 * A service's database login. Each service owns one PostgreSQL schema and logs in with its own
 * role, which may create that schema (Flyway does) and nothing in the others.
 *
 * <p>The passwords are LOCAL-DEVELOPMENT DEFAULTS for the embedded stack only; deployments set
 * their own through the services' {@code SPRING_DATASOURCE_*} environment variables.
 */
public record ServiceDatabase(String service, String schema, String username, String password) {

  public static final ServiceDatabase CATALOG =
      new ServiceDatabase(
          "catalog-service", "catalog", "hutong_catalog", "hutong_catalog-local-dev");
  public static final ServiceDatabase EXCHANGE =
      new ServiceDatabase(
          "exchange-service", "exchange", "hutong_exchange", "hutong_exchange-local-dev");
  public static final ServiceDatabase AUDIT =
      new ServiceDatabase("audit-service", "audit", "hutong_audit", "hutong_audit-local-dev");

  /** Every service database, in start order. */
  public static List<ServiceDatabase> all() {
    return List.of(CATALOG, EXCHANGE, AUDIT);
  }
}
