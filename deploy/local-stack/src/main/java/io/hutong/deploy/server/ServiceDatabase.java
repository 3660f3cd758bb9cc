package io.hutong.deploy.server;

import java.util.List;

/**
 * A service's database login. Each service owns one PostgreSQL schema and logs in with its own
 * role, which may create that schema (Flyway does) and nothing in the others.
 *
 * <p>No password is committed: the local stack generates one per role and installation ({@link
 * #password(InstallationSecrets)}); deployments set their own through the services' {@code
 * SPRING_DATASOURCE_*} environment variables.
 */
public record ServiceDatabase(String service, String schema, String username) {

  public static final ServiceDatabase CATALOG =
      new ServiceDatabase("catalog-service", "catalog", "hutong_catalog");
  public static final ServiceDatabase EXCHANGE =
      new ServiceDatabase("exchange-service", "exchange", "hutong_exchange");
  public static final ServiceDatabase AUDIT =
      new ServiceDatabase("audit-service", "audit", "hutong_audit");

  /**
   * The gateway's login: its schema holds the rate-limit buckets its instances share, nothing else.
   */
  public static final ServiceDatabase GATEWAY =
      new ServiceDatabase("gateway", "gateway", "hutong_gateway");

  /**
   * The audit service writes its log with this role, which the migrations allow to insert and read
   * but never to update or delete; {@link #AUDIT} only owns the schema (runs Flyway).
   */
  public static final ServiceDatabase AUDIT_WRITER =
      new ServiceDatabase("audit-service", "audit", "hutong_audit_writer");

  /** The audit retention job's role: may clear the bodies of expired entries, nothing else. */
  public static final ServiceDatabase AUDIT_RETENTION =
      new ServiceDatabase("audit-service", "audit", "hutong_audit_retention");

  /** This role's password in {@code secrets}, generated on first use. */
  public String password(InstallationSecrets secrets) {
    return secrets.password("postgres." + username);
  }

  /** Every service database, in start order. */
  public static List<ServiceDatabase> all() {
    return List.of(CATALOG, EXCHANGE, AUDIT, GATEWAY);
  }

  /**
   * Login roles without a schema of their own, granted rights by the owning service's migrations.
   */
  public static List<ServiceDatabase> restrictedRoles() {
    return List.of(AUDIT_WRITER, AUDIT_RETENTION);
  }
}
