package io.hutong.catalog.standards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.hutong.service.failure.Refusal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class StandardsBodyTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static StandardsBody read(String json) {
    return StandardsBody.read(JSON.readTree(json));
  }

  @SuppressWarnings("unchecked")
  private static List<StandardError> errorsOf(String json) {
    Throwable thrown = catchThrowable(() -> read(json));
    assertThat(thrown).isInstanceOf(Refusal.class);
    assertThat(((Refusal) thrown).kind()).isEqualTo(Refusal.Kind.UNPROCESSABLE);
    return (List<StandardError>) ((Refusal) thrown).extensions().get("errors");
  }

  @Test
  void read_takesTextOrNumberBoundsAndAnAbsentVersion() {
    StandardsBody body =
        read(
            """
            {"violationMode":"reject","standards":[
              {"schemaVersion":2,"field":"idNumber","kind":"RESIDENT_IDENTITY"},
              {"field":"age","kind":"NUMBER_RANGE","min":0,"max":"150.5"},
              {"field":"sex","kind":"CODE_LIST","codes":["1","2"]}]}
            """);

    assertThat(body.mode()).isEqualTo(ViolationMode.REJECT);
    assertThat(body.proposals())
        .containsExactly(
            new Proposal(0, 2, "idNumber", "RESIDENT_IDENTITY", null, null, null, List.of()),
            new Proposal(1, null, "age", "NUMBER_RANGE", null, "0", "150.5", List.of()),
            new Proposal(2, null, "sex", "CODE_LIST", null, null, null, List.of("1", "2")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "null", "\"text\"", "42"})
  void read_refusesABodyThatIsNotAnObject(String json) {
    assertThat(errorsOf(json))
        .singleElement()
        .extracting(StandardError::reason)
        .asString()
        .contains("JSON object");
  }

  @Test
  void read_namesEveryMemberOfTheWrongShape() {
    List<StandardError> errors =
        errorsOf(
            """
            {"violationMode":["REJECT"],"standards":[
              "idNumber",
              {"schemaVersion":1.5,"field":"a","kind":"REQUIRED"},
              {"schemaVersion":0,"field":"a","kind":"REQUIRED"},
              {"field":"a","kind":{"k":1}},
              {"field":"a","kind":"CODE_LIST","codes":"1,2"},
              {"field":"a","kind":"CODE_LIST","codes":[1,2]},
              {"field":["a"],"kind":"REQUIRED"},
              {"field":"a","kind":"PATTERN","pattern":true}]}
            """);

    assertThat(errors)
        .extracting(StandardError::index)
        .containsExactly(null, 0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(errors.getFirst().field()).isEqualTo("violationMode");
    assertThat(errors.get(2).reason()).contains("whole number");
  }

  @Test
  void read_requiresTheModeAndTheArray() {
    assertThat(errorsOf("{}"))
        .extracting(StandardError::field)
        .containsExactly("violationMode", "standards");
    assertThat(errorsOf("{\"violationMode\":\"SOMETIMES\",\"standards\":{}}")).hasSize(2);
  }

  @Test
  void read_refusesMoreThanFiftyEntriesBeforeReadingAny() {
    String many = "[" + String.join(",", java.util.Collections.nCopies(51, "1")) + "]";

    assertThat(errorsOf("{\"violationMode\":\"MEASURE\",\"standards\":" + many + "}"))
        .singleElement()
        .extracting(StandardError::reason)
        .asString()
        .contains("at most 50", "not 51");
  }
}
