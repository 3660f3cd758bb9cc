package io.hutong.schemas.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerTest {

  @Test
  void systemTokenUsesAzpAsActor() {
    Caller caller =
        Caller.fromClaims(
            Map.of(
                "azp", "civil-affairs-system",
                "preferred_username", "service-account-civil-affairs-system",
                "department", "civil-affairs",
                "realm_access", Map.of("roles", List.of("department-system", "offline_access"))));

    assertThat(caller.actor()).isEqualTo("civil-affairs-system");
    assertThat(caller.system()).isTrue();
    assertThat(caller.roles()).containsExactly(HutongRole.DEPARTMENT_SYSTEM);
    assertThat(caller.belongsTo("civil-affairs")).isTrue();
    assertThat(caller.belongsTo("public-security")).isFalse();
  }

  @Test
  void personTokenUsesPreferredUsername() {
    Caller caller =
        Caller.fromClaims(
            Map.of(
                "azp", "hutong-cli",
                "preferred_username", "civil-affairs-admin",
                "department", "civil-affairs",
                "realm_access", Map.of("roles", List.of("data-admin", "default-roles-hutong"))));

    assertThat(caller.actor()).isEqualTo("civil-affairs-admin");
    assertThat(caller.system()).isFalse();
    assertThat(caller.has(HutongRole.DATA_ADMIN)).isTrue();
    assertThat(caller.has(HutongRole.AUDITOR)).isFalse();
  }

  @Test
  void tokenWithoutRolesOrDepartmentHasNone() {
    Caller caller = Caller.fromClaims(Map.of("sub", "abc"));

    assertThat(caller.roles()).isEmpty();
    assertThat(caller.department()).isNull();
    assertThat(caller.belongsTo(null)).isFalse();
    assertThat(caller.actor()).isEqualTo("abc");
  }
}
