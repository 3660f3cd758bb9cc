package io.hutong.catalog.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityCheckTest {

  static final Schema V1 =
      schema(
          "{\"name\":\"certificateNo\",\"type\":\"string\"},"
              + "{\"name\":\"husbandName\",\"type\":\"string\"}");

  static Schema schema(String fields) {
    return new Schema.Parser()
        .parse("{\"type\":\"record\",\"name\":\"Marriage\",\"fields\":[" + fields + "]}");
  }

  @Test
  void backward_refusesANewFieldWithoutDefault_andNamesIt() {
    Schema v2 =
        schema(
            "{\"name\":\"certificateNo\",\"type\":\"string\"},"
                + "{\"name\":\"husbandName\",\"type\":\"string\"},"
                + "{\"name\":\"district\",\"type\":\"string\"}");

    List<String> problems =
        CompatibilityCheck.problems(CompatibilityMode.BACKWARD, List.of(V1), v2);

    assertThat(problems).singleElement().asString().contains("'district'").contains("default");
  }

  @Test
  void backward_acceptsANewOptionalField() {
    Schema v2 =
        schema(
            "{\"name\":\"certificateNo\",\"type\":\"string\"},"
                + "{\"name\":\"husbandName\",\"type\":\"string\"},"
                + "{\"name\":\"district\",\"type\":[\"null\",\"string\"],\"default\":null}");

    assertThat(CompatibilityCheck.problems(CompatibilityMode.FULL, List.of(V1), v2)).isEmpty();
  }

  @Test
  void forward_refusesRemovingARequiredField() {
    Schema v2 = schema("{\"name\":\"certificateNo\",\"type\":\"string\"}");

    assertThat(CompatibilityCheck.problems(CompatibilityMode.BACKWARD, List.of(V1), v2)).isEmpty();
    assertThat(CompatibilityCheck.problems(CompatibilityMode.FORWARD, List.of(V1), v2))
        .singleElement()
        .asString()
        .contains("still on version 1")
        .contains("husbandName");
  }

  @Test
  void typeChangesAreExplainedWithTheFieldName() {
    Schema v2 =
        schema(
            "{\"name\":\"certificateNo\",\"type\":\"int\"},"
                + "{\"name\":\"husbandName\",\"type\":\"string\"}");

    assertThat(CompatibilityCheck.problems(CompatibilityMode.BACKWARD, List.of(V1), v2))
        .singleElement()
        .asString()
        .contains("field 'certificateNo'")
        .contains("changed type");
  }

  @Test
  void transitiveModesCheckEveryEarlierVersion() {
    Schema v2 = schema("{\"name\":\"certificateNo\",\"type\":\"string\"}");
    Schema v3 =
        schema(
            "{\"name\":\"certificateNo\",\"type\":\"string\"},"
                + "{\"name\":\"husbandName\",\"type\":\"long\",\"default\":0}");

    // against v2 alone, adding a defaulted field is fine both ways
    assertThat(CompatibilityCheck.problems(CompatibilityMode.FULL, List.of(V1, v2), v3)).isEmpty();
    // against v1, husbandName changed from string to long
    assertThat(CompatibilityCheck.problems(CompatibilityMode.FULL_TRANSITIVE, List.of(V1, v2), v3))
        .isNotEmpty()
        .allMatch(p -> p.contains("version 1"));
  }

  @Test
  void noneAcceptsAnything() {
    Schema unrelated = schema("{\"name\":\"x\",\"type\":\"boolean\"}");

    assertThat(CompatibilityCheck.problems(CompatibilityMode.NONE, List.of(V1), unrelated))
        .isEmpty();
  }
}
