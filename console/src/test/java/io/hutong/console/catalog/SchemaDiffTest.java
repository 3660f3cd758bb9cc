package io.hutong.console.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDiffTest {

  private static CatalogViews.SchemaVersion version(int number, String fields) {
    return new CatalogViews.SchemaVersion(
        "civil-affairs.x",
        number,
        number,
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}",
        Instant.EPOCH,
        "someone");
  }

  @Test
  void consecutiveVersions_areComparedFieldByField() {
    List<SchemaDiff.Step> steps =
        SchemaDiff.steps(
            List.of(
                version(
                    2,
                    "{\"name\":\"a\",\"type\":\"long\"},"
                        + "{\"name\":\"c\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"新\"}"),
                version(
                    1, "{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\"}")));

    assertThat(steps).hasSize(1);
    SchemaDiff.Step step = steps.getFirst();
    assertThat(step.from()).isEqualTo(1);
    assertThat(step.to()).isEqualTo(2);
    assertThat(step.changes())
        .containsExactlyInAnyOrder(
            new SchemaDiff.Change(SchemaDiff.Kind.TYPE_CHANGED, "a", "int", "long"),
            new SchemaDiff.Change(SchemaDiff.Kind.ADDED, "c", null, "string?"),
            new SchemaDiff.Change(SchemaDiff.Kind.REMOVED, "b", "string", null));
  }

  @Test
  void aSingleVersion_hasNoSteps() {
    assertThat(SchemaDiff.steps(List.of(version(1, "{\"name\":\"a\",\"type\":\"int\"}"))))
        .isEmpty();
  }
}
