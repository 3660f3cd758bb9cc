package io.hutong.catalog.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.service.failure.Refusal;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class DatasetSchemaTest {

  static final String MARRIAGE =
      """
      {"type":"record","name":"Marriage","namespace":"gov.civil","fields":[
        {"name":"certificateNo","type":"string","doc":"结婚证字号"},
        {"name":"registeredOn","type":{"type":"int","logicalType":"date"}},
        {"name":"district","type":["null","string"],"default":null,"doc":"登记机关所在区"},
        {"name":"status","type":{"type":"enum","name":"Status","symbols":["MARRIED","DIVORCED"]}}
      ]}
      """;

  @Test
  void parse_exposesFieldsAsDataItems() {
    DatasetSchema schema = DatasetSchema.parse(MARRIAGE);

    assertThat(schema.fieldNames())
        .containsExactly("certificateNo", "registeredOn", "district", "status");
    assertThat(schema.dataItems())
        .extracting(DatasetSchema.DataItem::type)
        .containsExactly("string", "int (date)", "string (optional)", "enum MARRIED/DIVORCED");
    assertThat(schema.dataItems().getFirst().description()).isEqualTo("结婚证字号");
    assertThat(schema.dataItems().get(2).required()).isFalse();
    assertThat(schema.fingerprint())
        .isEqualTo(SchemaNormalization.parsingFingerprint64(schema.avro()));
  }

  @Test
  void parse_refusesNulControlCharactersAndLoneSurrogatesInDocsAndNames() {
    for (String hostile : new String[] {"\\u0000", "a\\u001bb", "\\ud800"}) {
      String schema = MARRIAGE.replace("结婚证字号", hostile);
      assertThatThrownBy(() -> DatasetSchema.parse(schema))
          .as(hostile)
          .isInstanceOf(Refusal.class)
          .hasMessageContaining("control character");
    }
  }

  @Test
  void parse_refusesADocThatIsNotAString() {
    String schema = MARRIAGE.replace("\"结婚证字号\"", "{\"$gt\":\"\"}");
    assertThatThrownBy(() -> DatasetSchema.parse(schema))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("doc that is not a string");
  }

  @Test
  void parse_refusesNonRecordsAndBrokenJson() {
    assertThatThrownBy(() -> DatasetSchema.parse("\"string\""))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("record");
    assertThatThrownBy(
            () ->
                DatasetSchema.parse(
                    "{\"type\":\"record\",\"name\":\"X\",\"fields\":[{\"name\":\"a\"}]}"))
        .isInstanceOf(Refusal.class)
        .hasMessageContaining("not a valid Avro schema");
    assertThatThrownBy(() -> DatasetSchema.parse("{not json")).isInstanceOf(Refusal.class);
    assertThatThrownBy(() -> DatasetSchema.parse(null)).isInstanceOf(Refusal.class);
  }
}
