package io.hutong.console.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SchemaRowsTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void rows_becomeAnAvroRecord_withOptionalFieldsAsNullableUnionsDefaultingToNull() {
    String avro =
        SchemaRows.toAvro(
            SchemaRows.recordName("civil-affairs.marriage-registrations"),
            List.of(
                new FieldRow("certificateNo", "string", "证书编号", false),
                new FieldRow("registeredOn", "date", "", true),
                new FieldRow("", "string", "", false)),
            json);

    Schema schema = new Schema.Parser().parse(avro);
    assertThat(schema.getName()).isEqualTo("MarriageRegistrations");
    assertThat(schema.getFields()).hasSize(2);
    assertThat(schema.getField("certificateNo").doc()).isEqualTo("证书编号");
    Schema registeredOn = schema.getField("registeredOn").schema();
    assertThat(registeredOn.getType()).isEqualTo(Schema.Type.UNION);
    assertThat(registeredOn.getTypes().get(1).getLogicalType().getName()).isEqualTo("date");
    assertThat(schema.getField("registeredOn").hasDefaultValue()).isTrue();
  }

  @Test
  void aSchemaOfPlainFields_readsBackAsTheSameRows() {
    String avro =
        SchemaRows.toAvro(
            "Births",
            List.of(
                new FieldRow("name", "string", "姓名", false),
                new FieldRow("at", "timestamp", "", true)),
            json);

    List<FieldRow> rows = SchemaRows.rows(avro);

    assertThat(rows).extracting(FieldRow::getName).containsExactly("name", "at");
    assertThat(rows).extracting(FieldRow::getType).containsExactly("string", "timestamp");
    assertThat(rows).extracting(FieldRow::isOptional).containsExactly(false, true);
  }

  @Test
  void aSchemaWithNestedRecords_isLeftToRawJson() {
    String nested =
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":"
            + "{\"type\":\"record\",\"name\":\"Inner\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"}]}}]}";

    assertThat(SchemaRows.rows(nested)).isNull();
  }
}
