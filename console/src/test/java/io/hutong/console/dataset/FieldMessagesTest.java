package io.hutong.console.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.console.gateway.ApiProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldMessagesTest {

  @Test
  void eachIncompatibility_isPlacedAtTheRowOfTheFieldItNames() {
    DatasetForm form = new DatasetForm();
    form.setFields(
        List.of(
            new FieldRow("certificateNo", "string", "", false),
            new FieldRow("wifeName", "string", "", false)));
    ApiProblem problem =
        new ApiProblem(
            409,
            "schema-incompatible",
            "The schema breaks compatibility mode BACKWARD: 1 problem(s).",
            List.of(
                "new schema reading old records: field 'wifeName' is missing from those records"
                    + " and has no default value"));

    assertThat(FieldMessages.of(problem, form))
        .containsKeys("schema", "fields[1].name")
        .doesNotContainKey("fields[0].name");
  }

  @Test
  void aMetadataRefusal_isPlacedAtTheFieldItStartsWith() {
    ApiProblem problem =
        new ApiProblem(422, "invalid-request", "legalBasis is required.", List.of());

    assertThat(FieldMessages.of(problem, new DatasetForm())).containsOnlyKeys("legalBasis");
  }

  @Test
  void aDuplicateCode_isPlacedAtTheCode() {
    ApiProblem problem =
        new ApiProblem(409, "duplicate", "Dataset x is already registered.", List.of());

    assertThat(FieldMessages.of(problem, new DatasetForm())).containsOnlyKeys("code");
  }
}
