package io.hutong.deploy.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("a.b", "x\"y\\z");
    properties.put("jaas", "Module required clientId=\"c\";\n");
    assertThat(Json.object(properties))
        .isEqualTo(
            "{\"a.b\":\"x\\\"y\\\\z\",\"jaas\":\"Module required clientId=\\\"c\\\";\\u000a\"}");
  }

  @Test
  void anEmptyMapIsAnEmptyObject() {
    assertThat(Json.object(Map.of())).isEqualTo("{}");
  }
}
