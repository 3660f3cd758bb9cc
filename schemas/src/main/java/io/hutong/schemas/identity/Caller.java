package io.hutong.schemas.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling, as read from a Keycloak access token of realm {@code hutong}: the contract
 * between Keycloak's token and every service. {@code actor} is the token's {@code azp} for a
 * department system and {@code preferred_username} for a person.
 */
public record Caller(String actor, String department, Set<HutongRole> roles, boolean system) {

  /** Custom claim holding the caller's department code. */
  public static final String DEPARTMENT_CLAIM = "department";

  public Caller {
    roles = Set.copyOf(roles);
  }

  /** Reads a caller from decoded token claims; unknown roles are ignored. */
  public static Caller fromClaims(Map<String, Object> claims) {
    Objects.requireNonNull(claims, "claims");
    Set<HutongRole> roles = new TreeSet<>();
    for (String value : realmRoles(claims)) {
      HutongRole role = HutongRole.fromClaim(value);
      if (role != null) {
        roles.add(role);
      }
    }
    boolean system = roles.contains(HutongRole.DEPARTMENT_SYSTEM);
    Object username = claims.get("preferred_username");
    Object azp = claims.get("azp");
    String actor;
    if (system && azp != null) {
      actor = azp.toString();
    } else if (username != null) {
      actor = username.toString();
    } else {
      actor = azp == null ? stringOrNull(claims.get("sub")) : azp.toString();
    }
    return new Caller(actor, stringOrNull(claims.get(DEPARTMENT_CLAIM)), roles, system);
  }

  /** The values of {@code realm_access.roles}, or none. */
  public static List<String> realmRoles(Map<String, Object> claims) {
    if (claims.get("realm_access") instanceof Map<?, ?> realmAccess
        && realmAccess.get("roles") instanceof Collection<?> values) {
      return values.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  public boolean has(HutongRole role) {
    return roles.contains(role);
  }

  /** True when the caller belongs to {@code departmentCode}. */
  public boolean belongsTo(String departmentCode) {
    return department != null && department.equals(departmentCode);
  }

  private static String stringOrNull(Object value) {
    return value == null ? null : value.toString();
  }
}
