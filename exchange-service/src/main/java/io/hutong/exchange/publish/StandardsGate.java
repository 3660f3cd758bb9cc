package io.hutong.exchange.publish;

import io.hutong.exchange.quality.RecordValues;
import io.hutong.exchange.view.CatalogView;
import io.hutong.exchange.view.StandardsView;
import io.hutong.schemas.data.DataRecords;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Holds a batch to its dataset's field standards when the provider chose reject mode: a record
 * breaking one is refused with the field and the standard named, like a schema error, and nothing
 * of the batch is written. In measure mode (or without standards) it costs nothing here; the
 * violations are counted after the commit instead ({@code quality.QualityMeter}).
 */
final class StandardsGate {

  private final CatalogView view;
  private final RecordValues values;
  private final Clock clock;

  StandardsGate(CatalogView view, RecordValues values, Clock clock) {
    this.view = view;
    this.values = values;
    this.clock = clock;
  }

  /** A field of a record that breaks a standard of its schema version. */
  record Violation(int index, String field, String reason, String standard) {}

  /** Refuses {@code records} of {@code code} if one breaks a standard of a rejecting dataset. */
  void check(String code, List<RecordWriter.Outgoing> records) {
    StandardsView standards = view.standards(code);
    if (!standards.reject() || standards.isEmpty()) {
      return;
    }
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      byte[] value = records.get(i).value();
      if (value == null) {
        continue;
      }
      Optional<CatalogView.SchemaVersion> writer =
          DataRecords.fingerprint(value).flatMap(f -> view.writer(code, f));
      if (writer.isEmpty()) {
        continue;
      }
      List<StandardsView.Rule> rules = standards.rules(writer.get().version());
      if (rules.isEmpty()) {
        continue;
      }
      var record = values.decode(writer.get(), value);
      if (record == null) {
        continue;
      }
      for (StandardsView.Rule rule : rules) {
        String reason = rule.check().violation(RecordValues.published(record, rule.field()), today);
        if (reason != null) {
          violations.add(new Violation(i, rule.field(), reason, rule.kind()));
        }
      }
    }
    if (!violations.isEmpty()) {
      throw PublishService.invalid(violations);
    }
  }
}
