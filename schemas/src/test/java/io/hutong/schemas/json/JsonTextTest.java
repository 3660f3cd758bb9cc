package io.hutong.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void escapesQuotesBackslashesAndControlCharactersAndKeepsChinese() {
    Map<String, String> members = new LinkedHashMap<>();
    members.put("a.b", "x\"y\\z");
    members.put("jaas", "Module required clientId=\"c\";\n\u0001婚姻");
    assertThat(JsonText.object(members))
        .isEqualTo(
            "{\"a.b\":\"x\\\"y\\\\z\",\"jaas\":\"Module required clientId=\\\"c\\\";\\n\\u0001婚姻\"}");
  }

  @Test
  void anEmptyMapIsAnEmptyObject() {
    assertThat(JsonText.object(Map.of())).isEqualTo("{}");
  }

  @Test
  void loneSurrogatesAreEscapedSoTheOutputIsValidUtf8() {
    StringBuilder out = new StringBuilder();
    JsonText.quote(out, "a\ud800b");
    assertThat(out).hasToString("\"a\\ud800b\"");
  }
}
