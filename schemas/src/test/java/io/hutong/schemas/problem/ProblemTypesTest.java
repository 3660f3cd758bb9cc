package io.hutong.schemas.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ProblemTypesTest {

  @Test
  void forStatus_namesEveryClientErrorWithAHutongType() {
    for (int status = 400; status < 600; status++) {
      assertThat(ProblemTypes.forStatus(status).toString()).startsWith(ProblemTypes.PREFIX);
    }
    assertThat(ProblemTypes.forStatus(414)).isEqualTo(ProblemTypes.URI_TOO_LONG);
    assertThat(ProblemTypes.forStatus(431)).isEqualTo(ProblemTypes.HEADERS_TOO_LARGE);
    assertThat(ProblemTypes.forStatus(502)).isEqualTo(ProblemTypes.INTERNAL);
  }

  @Test
  void json_escapesControlCharactersAndQuotes() {
    String json =
        ProblemTypes.json(400, ProblemTypes.MALFORMED_REQUEST, "bad \"x\"\u0000\n", "/a\\b");
    assertThat(json)
        .isEqualTo(
            "{\"type\":\"urn:hutong:problem:malformed-request\",\"title\":\"Bad Request\","
                + "\"status\":400,\"detail\":\"bad \\\"x\\\"\\u0000\\n\",\"instance\":\"/a\\\\b\"}");
  }

  @Test
  void json_leavesInstanceOutWhenUnknown() {
    assertThat(ProblemTypes.json(414, URI.create("urn:hutong:problem:uri-too-long"), "long", null))
        .doesNotContain("instance");
  }
}
