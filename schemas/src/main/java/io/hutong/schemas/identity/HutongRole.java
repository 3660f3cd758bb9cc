package io.hutong.schemas.identity;

/**
 * Keycloak realm roles of realm {@code hutong}. Services map them to Spring authorities {@code
 * ROLE_<NAME>}; the names here are the ones in the token.
 */
public enum HutongRole {
  DEPARTMENT_SYSTEM("department-system"),
  DATA_ADMIN("data-admin"),
  AUDITOR("auditor"),
  PLATFORM_ADMIN("platform-admin"),
  /** Prometheus's scraper (client {@code hutong-monitoring}): reads metrics, nothing else. */
  METRICS_READER("metrics-reader");

  private final String claimValue;

  HutongRole(String claimValue) {
    this.claimValue = claimValue;
  }

  /** The role as it appears in {@code realm_access.roles}. */
  public String claimValue() {
    return claimValue;
  }

  /** The Spring Security authority, e.g. {@code ROLE_DATA_ADMIN}. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** The role of a claim value, or null for roles Hutong does not know (Keycloak defaults). */
  public static HutongRole fromClaim(String value) {
    for (HutongRole role : values()) {
      if (role.claimValue.equals(value)) {
        return role;
      }
    }
    return null;
  }
}
