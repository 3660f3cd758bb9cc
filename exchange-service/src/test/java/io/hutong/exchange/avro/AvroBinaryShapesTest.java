package io.hutong.exchange.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hutong.exchange.avro.AvroBinary.Invalid;
import java.io.StringWriter;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schema shapes the rich fixture lacks: recursion, arrays of empty values, sized blocks of them.
 */
class AvroBinaryShapesTest {

  static final Schema LIST =
      new Schema.Parser()
          .parse(
              """
              {"type":"record","name":"Cell","fields":[
                {"name":"value","type":"int"},
                {"name":"next","type":["null","Cell"],"default":null},
                {"name":"blanks","type":{"type":"array","items":"null"},"default":[]}
              ]}
              """);

  @Test
  void recursiveRecordsAreWalkedToTheirEnd() {
    GenericRecord head = null;
    for (int i = 0; i < 50; i++) {
      GenericRecord cell = new GenericData.Record(LIST);
      cell.put("value", i);
      cell.put("next", head);
      cell.put("blanks", i % 7 == 1 ? List.of() : java.util.Collections.nCopies(i, null));
      head = cell;
    }
    for (boolean blocking : new boolean[] {false, true}) {
      byte[] data = AvroBinaryFixtures.encode(head, LIST, blocking);
      assertThat(new Validator(LIST).validate(data, 0)).isEqualTo(data.length);
      ByteSink sink = new ByteSink();
      assertThat(new Projection(LIST, List.of("next")).copy(data, 0, sink)).isEqualTo(data.length);
      StringWriter out = new StringWriter();
      try (JsonGenerator generator = JsonMapper.builder().build().createGenerator(out)) {
        assertThat(new JsonWriter(LIST, List.of("value", "blanks")).write(data, 0, generator))
            .isEqualTo(data.length);
      }
      assertThat(out.toString()).isEqualTo("{\"value\":49,\"blanks\":[" + nulls(49) + "]}");
    }
  }

  @Test
  void aSizedBlockOfNullsMustHaveSizeZero() {
    // value 0, next null, blanks: count -2 with size 1, then the end
    byte[] data = {0, 0, 3, 2, 0};
    Invalid invalid =
        catchThrowableOfType(Invalid.class, () -> new Validator(LIST).validate(data, 0));
    assertThat(invalid).isNotNull();
    assertThat(invalid.field()).isEqualTo("blanks");
    byte[] fine = {0, 0, 3, 0, 0};
    assertThat(new Validator(LIST).validate(fine, 0)).isEqualTo(fine.length);
  }

  private static String nulls(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "null"));
  }
}
