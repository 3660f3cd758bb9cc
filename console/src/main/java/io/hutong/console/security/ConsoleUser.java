package io.hutong.console.security;

import io.hutong.schemas.identity.HutongRole;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The signed-in person as pages need them: the name to greet, the department whose datasets and
 * requests they manage, and the roles that decide which navigation entries and buttons they see.
 *
 * @param name the Keycloak user name ({@code preferred_username})
 * @param department the {@code department} claim, or null
 * @param roles the Hutong realm roles
 */
public record ConsoleUser(String name, String department, Set<HutongRole> roles) {

  static final String NAME_CLAIM = "preferred_username";

  public ConsoleUser {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /** The user of an authentication, or null when nobody is signed in. */
  public static ConsoleUser of(Authentication authentication) {
    if (authentication == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
      return null;
    }
    Set<HutongRole> roles = EnumSet.noneOf(HutongRole.class);
    for (GrantedAuthority authority : authentication.getAuthorities()) {
      for (HutongRole role : HutongRole.values()) {
        if (role.authority().equals(authority.getAuthority())) {
          roles.add(role);
        }
      }
    }
    String name = user.getClaimAsString(NAME_CLAIM);
    return new ConsoleUser(
        name != null ? name : user.getName(), user.getClaimAsString("department"), roles);
  }

  public boolean dataAdmin() {
    return roles.contains(HutongRole.DATA_ADMIN);
  }

  public boolean auditor() {
    return roles.contains(HutongRole.AUDITOR);
  }

  public boolean platformAdmin() {
    return roles.contains(HutongRole.PLATFORM_ADMIN);
  }

  /** True when this person administers the data of {@code departmentCode}. */
  public boolean administers(String departmentCode) {
    return dataAdmin() && department != null && department.equals(departmentCode);
  }
}
