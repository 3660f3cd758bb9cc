package io.hutong.deploy.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

  @Test
  void json_isOneFlatObjectWithEveryValueEscaped() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.password", "a\"b\\c");
    properties.put("hutong.audit.signing.previous-verifier-keys", "k+1\n");

    assertThat(ServiceProcess.json(properties))
        .isEqualTo(
            "{\"spring.datasource.password\":\"a\\\"b\\\\c\","
                + "\"hutong.audit.signing.previous-verifier-keys\":\"k+1\\u000a\"}");
    assertThat(ServiceProcess.json(Map.of())).isEqualTo("{}");
  }
}
