package io.hutong.exchange.quality;

import io.hutong.exchange.view.CatalogView;
import io.hutong.exchange.view.StandardsView;
import io.hutong.schemas.data.DataRecords;
import io.hutong.schemas.quality.QualityMeasure;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.springframework.stereotype.Component;

/**
 * Measures committed records for data quality: completeness per field, validity per field and
 * standard, and consistency per key within a UTC day. Pure counting over what it is given; the
 * ingest calls it inside the transaction that moves its positions, so every committed record is
 * counted once, whatever restarts or rebalances happen.
 */
@Component
public class QualityMeter {

  private final CatalogView view;
  private final RecordValues values;

  QualityMeter(CatalogView view, RecordValues values) {
    this.view = view;
    this.values = values;
  }

  /** A committed record: {@code key} may be null; {@code value} null is a tombstone. */
  public record Measured(String dataset, String key, Instant timestamp, byte[] value) {}

  /** A key's latest record before the batch: when it was published and its value. */
  public record Previous(Instant timestamp, byte[] value) {}

  /**
   * Counts {@code records} (in topic order) into {@code counts}. {@code previous} holds the latest
   * stored record of the batch's keys (by {@link #keyOf}) and is updated as the batch goes, so a
   * key repeated within the batch is compared with its predecessor.
   */
  public void measure(
      List<Measured> records, Map<String, Previous> previous, QualityCounts counts) {
    for (Measured record : records) {
      QualityCounts.Bucket bucket = QualityCounts.bucket(record.dataset(), record.timestamp());
      counts.seen(bucket, record.timestamp());
      String previousKey = record.key() == null ? null : keyOf(record.dataset(), record.key());
      if (record.value() == null) {
        counts.add(bucket, QualityMeasure.TOMBSTONES);
        if (previousKey != null) {
          previous.remove(previousKey);
        }
        continue;
      }
      counts.add(bucket, QualityMeasure.RECORDS);
      fields(record, bucket, counts);
      if (previousKey != null) {
        Previous before = previous.get(previousKey);
        counts.add(bucket, consistency(before, record));
        previous.put(previousKey, new Previous(record.timestamp(), record.value()));
      }
    }
  }

  /** The key {@code previous} is indexed by. */
  public static String keyOf(String dataset, String key) {
    return dataset + '\u0000' + key;
  }

  private static QualityMeasure consistency(Previous before, Measured record) {
    if (before == null || !day(before.timestamp()).equals(day(record.timestamp()))) {
      return QualityMeasure.FIRST_OF_DAY;
    }
    return Arrays.equals(before.value(), record.value())
        ? QualityMeasure.DUPLICATE
        : QualityMeasure.CHANGE;
  }

  private void fields(Measured record, QualityCounts.Bucket bucket, QualityCounts counts) {
    Optional<CatalogView.SchemaVersion> writer =
        DataRecords.fingerprint(record.value()).flatMap(f -> view.writer(record.dataset(), f));
    if (writer.isEmpty()) {
      return;
    }
    GenericRecord decoded = values.decode(writer.get(), record.value());
    if (decoded == null) {
      return;
    }
    for (String field : fieldsToMeasure(record.dataset(), writer.get().schema())) {
      if (RecordValues.isEmpty(decoded, field)) {
        counts.add(bucket, QualityMeasure.EMPTY, field, "", 1);
      }
    }
    StandardsView standards = view.standards(record.dataset());
    List<StandardsView.Rule> rules = standards.rules(writer.get().version());
    if (rules.isEmpty()) {
      return;
    }
    LocalDate today = day(record.timestamp());
    Set<String> broken = new LinkedHashSet<>();
    for (StandardsView.Rule rule : rules) {
      if (rule.check().violation(RecordValues.published(decoded, rule.field()), today) != null) {
        broken.add(rule.field() + '\u0000' + rule.kind());
      }
    }
    for (String fieldAndKind : broken) {
      int split = fieldAndKind.indexOf('\u0000');
      counts.add(
          bucket,
          QualityMeasure.VIOLATION,
          fieldAndKind.substring(0, split),
          fieldAndKind.substring(split + 1),
          1);
    }
  }

  /**
   * The fields of the writer's schema and of the dataset's current one: a field the current version
   * has but the record's writer lacked is empty for whoever reads it today.
   */
  private Set<String> fieldsToMeasure(String dataset, Schema writer) {
    Set<String> fields = new LinkedHashSet<>();
    if (writer.getType() == Schema.Type.RECORD) {
      writer.getFields().forEach(f -> fields.add(f.name()));
    }
    view.currentSchema(dataset)
        .map(CatalogView.SchemaVersion::schema)
        .filter(s -> s.getType() == Schema.Type.RECORD)
        .ifPresent(s -> s.getFields().forEach(f -> fields.add(f.name())));
    return fields;
  }

  private static LocalDate day(Instant time) {
    return LocalDate.ofInstant(time, ZoneOffset.UTC);
  }
}
