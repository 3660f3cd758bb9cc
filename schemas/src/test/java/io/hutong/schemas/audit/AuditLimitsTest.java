package io.hutong.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditLimitsTest {

  @Test
  void requestIdsAreShortSafeTokensOrNothing() {
    assertThat(AuditLimits.requestIdOrNull("3f2c1a9e-7b1d-4e0a-9c3b-1f2e3d4c5b6a"))
        .isEqualTo("3f2c1a9e-7b1d-4e0a-9c3b-1f2e3d4c5b6a");
    assertThat(AuditLimits.requestIdOrNull("direct-abc.1:2_3")).isEqualTo("direct-abc.1:2_3");
    assertThat(AuditLimits.requestIdOrNull("x".repeat(100))).hasSize(100);

    assertThat(AuditLimits.requestIdOrNull(null)).isNull();
    assertThat(AuditLimits.requestIdOrNull("")).isNull();
    assertThat(AuditLimits.requestIdOrNull("x".repeat(101))).isNull();
    assertThat(AuditLimits.requestIdOrNull("a b")).isNull();
    assertThat(AuditLimits.requestIdOrNull("evil\r\nX-Injected: 1")).isNull();
    assertThat(AuditLimits.requestIdOrNull("<script>")).isNull();
  }

  @Test
  void longValuesAreCutAndMarked() {
    assertThat(AuditLimits.bound("abcdef", 4)).isEqualTo("abc…");
    assertThat(AuditLimits.bound("abc", 4)).isEqualTo("abc");
  }
}
