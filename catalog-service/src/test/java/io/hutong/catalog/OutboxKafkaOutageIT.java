package io.hutong.catalog;

import static io.hutong.deploy.server.LocalIdentity.CIVIL_AFFAIRS_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.DatasetUpdated;
import io.hutong.schemas.catalog.SchemaVersionAdded;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka being down delays catalogue events but loses none: with the broker stopped, changes are
 * accepted and wait in the outbox; once it is back they all arrive, in order per key.
 */
class OutboxKafkaOutageIT extends CatalogITBase {

  @Test
  void changesMadeWhileKafkaIsDownArriveInOrderOnceItIsBack() throws Exception {
    departmentsRegistered();
    String first = "civil-affairs." + unique("outage");
    String second = "civil-affairs." + unique("outage");

    stack().kafka().stop();
    try {
      assertThat(
              post(
                      CIVIL_AFFAIRS_ADMIN,
                      "/api/catalog/v1/datasets",
                      Datasets.marriageRegistrations(first, "CONDITIONAL"))
                  .status())
          .isEqualTo(201);
      assertThat(
              patch(
                      CIVIL_AFFAIRS_ADMIN,
                      "/api/catalog/v1/datasets/" + first,
                      Map.of("description", "first edit"))
                  .status())
          .isEqualTo(200);
      assertThat(
              post(
                      CIVIL_AFFAIRS_ADMIN,
                      "/api/catalog/v1/datasets/" + first + "/schemas",
                      Map.of("schema", Datasets.marriageSchemaWithDistrict()))
                  .status())
          .isEqualTo(201);
      assertThat(
              patch(
                      CIVIL_AFFAIRS_ADMIN,
                      "/api/catalog/v1/datasets/" + first,
                      Map.of("description", "second edit"))
                  .status())
          .isEqualTo(200);
      assertThat(
              post(
                      CIVIL_AFFAIRS_ADMIN,
                      "/api/catalog/v1/datasets",
                      Datasets.marriageRegistrations(second, "UNCONDITIONAL"))
                  .status())
          .isEqualTo(201);

      assertThat(outboxRows()).as("events waiting in the outbox").isGreaterThanOrEqualTo(7);
    } finally {
      stack().kafka().restart();
    }

    // The relay delivers at least once: a send whose acknowledgement the outage swallowed is sent
    // again, under the same event id (readers keep state per key and the audit log stores each id
    // once). What must hold is that every change arrives, in order of first arrival.
    List<CatalogEvent> events =
        firstOfEachId(
            catalogEvents(
                key -> key.equals(CatalogTopics.datasetKey(first)),
                found -> firstOfEachId(found).size() >= 4));
    assertThat(events)
        .extracting(e -> e.getPayload().getClass().getSimpleName())
        .containsExactly("DatasetPublished", "DatasetUpdated", "DatasetUpdated", "DatasetUpdated");
    assertThat(((DatasetUpdated) events.get(2).getPayload()).getDataset().getCurrentSchemaVersion())
        .isEqualTo(2);
    assertThat(events).extracting(e -> e.getOccurredAt()).isSorted();

    List<CatalogEvent> schemas =
        firstOfEachId(
            catalogEvents(
                key -> key.startsWith("schema:" + first + ":"),
                found -> firstOfEachId(found).size() >= 2));
    assertThat(schemas)
        .extracting(e -> ((SchemaVersionAdded) e.getPayload()).getVersion())
        .containsExactly(1, 2);
    assertThat(
            firstOfEachId(
                catalogEvents(
                    key -> key.equals(CatalogTopics.datasetKey(second)),
                    found -> !found.isEmpty())))
        .hasSize(1);
    assertThat(outboxRows()).isZero();
  }

  /** Each event once, at its first arrival. */
  private static List<CatalogEvent> firstOfEachId(List<CatalogEvent> events) {
    java.util.Map<Object, CatalogEvent> first = new java.util.LinkedHashMap<>();
    events.forEach(e -> first.putIfAbsent(e.getEventId(), e));
    return List.copyOf(first.values());
  }

  private static long outboxRows() throws Exception {
    try (Connection c = stack().postgres().superuserConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from catalog.outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
