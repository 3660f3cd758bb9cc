package io.hutong.console.statistics;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One department's figures as the statistics page shows them, read from the catalogue's answer: a
 * record so the template never digs in JSON. Absent decimals (no datasets, no decisions) are null
 * and shown as a dash.
 */
record StatisticsRow(
    String department,
    String name,
    long unconditional,
    long conditional,
    long notShared,
    long datasets,
    String sharedPercent,
    long received,
    long approved,
    long rejected,
    long withdrawn,
    long overdue,
    String medianDecisionWorkingDays,
    long recordsPublished,
    long recordsDelivered,
    List<Delivery> deliveredTo,
    long lookups,
    long lookupKeys,
    long verifications) {

  /** Records delivered to one consumer department. */
  record Delivery(String department, long records) {}

  static List<StatisticsRow> rows(JsonNode departments) {
    List<StatisticsRow> rows = new ArrayList<>();
    for (JsonNode d : departments) {
      rows.add(of(d));
    }
    return rows;
  }

  static StatisticsRow of(JsonNode d) {
    JsonNode datasets = d.path("datasets");
    JsonNode requests = d.path("requests");
    JsonNode usage = d.path("usage");
    List<Delivery> deliveries = new ArrayList<>();
    for (JsonNode delivery : usage.path("deliveredTo")) {
      deliveries.add(
          new Delivery(delivery.path("department").asString(), delivery.path("records").asLong()));
    }
    return new StatisticsRow(
        d.path("department").asString(),
        d.path("name").asString(),
        datasets.path("unconditional").asLong(),
        datasets.path("conditional").asLong(),
        datasets.path("notShared").asLong(),
        datasets.path("total").asLong(),
        decimal(datasets.path("sharedPercent")),
        requests.path("received").asLong(),
        requests.path("approved").asLong(),
        requests.path("rejected").asLong(),
        requests.path("withdrawn").asLong(),
        requests.path("overdue").asLong(),
        decimal(requests.path("medianDecisionWorkingDays")),
        usage.path("recordsPublished").asLong(),
        usage.path("recordsDelivered").asLong(),
        List.copyOf(deliveries),
        usage.path("lookups").asLong(),
        usage.path("lookupKeys").asLong(),
        usage.path("verifications").asLong());
  }

  private static String decimal(JsonNode value) {
    return value.isNumber() ? value.decimalValue().toPlainString() : null;
  }
}
