package io.hutong.catalog.standards;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.standards.FieldStandard.Kind;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KindFitTest {

  private static Schema type(String json) {
    return new Schema.Parser().parse(json);
  }

  private static final Schema STRING = type("\"string\"");
  private static final Schema OPTIONAL_STRING = type("[\"null\",\"string\"]");
  private static final Schema INT = type("\"int\"");
  private static final Schema DOUBLE = type("\"double\"");
  private static final Schema DATE = type("{\"type\":\"int\",\"logicalType\":\"date\"}");
  private static final Schema TIMESTAMP =
      type("{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}");
  private static final Schema BOOLEAN = type("\"boolean\"");
  private static final Schema STRING_OR_INT = type("[\"null\",\"string\",\"int\"]");

  @ParameterizedTest
  @EnumSource(
      value = Kind.class,
      names = {
        "PATTERN",
        "LENGTH",
        "CODE_LIST",
        "RESIDENT_IDENTITY",
        "SOCIAL_CREDIT_CODE",
        "ADMINISTRATIVE_DIVISION",
        "MOBILE_NUMBER",
        "ISO_DATE"
      })
  void textKinds_fitStringsAndOptionalStringsOnly(Kind kind) {
    assertThat(KindFit.problem(kind, STRING)).isNull();
    assertThat(KindFit.problem(kind, OPTIONAL_STRING)).isNull();
    assertThat(KindFit.problem(kind, INT)).contains("does not fit", "int", "needs a string");
    assertThat(KindFit.problem(kind, DATE)).contains("int (date)");
    assertThat(KindFit.problem(kind, BOOLEAN)).isNotNull();
  }

  @Test
  void numberRange_fitsPlainNumbersButNotDatesOrTimestampsOrText() {
    assertThat(KindFit.problem(Kind.NUMBER_RANGE, INT)).isNull();
    assertThat(KindFit.problem(Kind.NUMBER_RANGE, DOUBLE)).isNull();
    assertThat(KindFit.problem(Kind.NUMBER_RANGE, type("[\"null\",\"long\"]"))).isNull();
    assertThat(KindFit.problem(Kind.NUMBER_RANGE, DATE)).contains("needs int, long");
    assertThat(KindFit.problem(Kind.NUMBER_RANGE, TIMESTAMP)).isNotNull();
    assertThat(KindFit.problem(Kind.NUMBER_RANGE, STRING)).isNotNull();
  }

  @Test
  void dateRange_fitsIsoTextAndAvroDates() {
    assertThat(KindFit.problem(Kind.DATE_RANGE, STRING)).isNull();
    assertThat(KindFit.problem(Kind.DATE_RANGE, DATE)).isNull();
    assertThat(
            KindFit.problem(
                Kind.DATE_RANGE, type("[\"null\",{\"type\":\"int\",\"logicalType\":\"date\"}]")))
        .isNull();
    assertThat(KindFit.problem(Kind.DATE_RANGE, INT)).contains("logicalType date");
    assertThat(KindFit.problem(Kind.DATE_RANGE, TIMESTAMP)).isNotNull();
  }

  @Test
  void required_fitsEveryType() {
    for (Schema type : new Schema[] {STRING, INT, DATE, BOOLEAN, STRING_OR_INT}) {
      assertThat(KindFit.problem(Kind.REQUIRED, type)).isNull();
    }
  }

  @Test
  void aUnionOfSeveralTypes_fitsNoValueStandard() {
    assertThat(KindFit.problem(Kind.LENGTH, STRING_OR_INT)).contains("one type");
  }
}
