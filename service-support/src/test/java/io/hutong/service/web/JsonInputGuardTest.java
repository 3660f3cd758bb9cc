package io.hutong.service.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class JsonInputGuardTest {

  record Body(String reason, Instant validUntil) {}

  private final JsonMapper json = JsonMapper.builder().addModule(new JsonInputGuard()).build();

  @Test
  void bind_refusesNulAndOtherControlCharactersInText() {
    assertThatThrownBy(() -> json.readValue("{\"reason\":\"a\\u0000b\"}", Body.class))
        .isInstanceOf(JacksonException.class)
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> json.readValue("{\"reason\":\"a\\u001bb\"}", Body.class))
        .isInstanceOf(JacksonException.class);
  }

  @Test
  void bind_keepsTabsNewlinesAndChineseText() {
    Body body = json.readValue("{\"reason\":\"婚姻\\t登记\\n第二行\"}", Body.class);
    assertThat(body.reason()).isEqualTo("婚姻\t登记\n第二行");
  }

  @Test
  void bind_refusesInstantsOutsideYearsOneToNineThousandNineHundredNinetyNine() {
    assertThatThrownBy(
            () -> json.readValue("{\"validUntil\":\"+10000-01-01T00:00:00Z\"}", Body.class))
        .isInstanceOf(JacksonException.class)
        .hasMessageContaining("0001 to 9999");
    assertThatThrownBy(
            () -> json.readValue("{\"validUntil\":\"-0001-01-01T00:00:00Z\"}", Body.class))
        .isInstanceOf(JacksonException.class);
    assertThat(json.readValue("{\"validUntil\":\"2030-01-01T00:00:00Z\"}", Body.class).validUntil())
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
  }
}
