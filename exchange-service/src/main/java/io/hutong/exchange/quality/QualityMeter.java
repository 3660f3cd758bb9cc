package io.hutong.exchange.quality;

import io.hutong.exchange.view.CatalogView;
import io.hutong.exchange.view.StandardsView;
import io.hutong.schemas.data.DataRecords;
import io.hutong.schemas.quality.QualityMeasure;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.springframework.stereotype.Component;

/**
 * Measures committed records for data quality: completeness per field, validity per field and
 * standard, and consistency per key within a UTC day. Pure counting over what it is given; the
 * ingest calls it inside the transaction that moves its positions, so every committed record is
 * counted exactly once, whatever restarts or rebalances happen.
 *
 * <p>It runs on every record the exchange commits, so the work per record is kept to decoding the
 * value once and indexing arrays: what to look at for a dataset's writer version (field positions,
 * prepared standards) is worked out once per version ({@link Plan}), and a batch's counts are
 * tallied in arrays per bucket before becoming counters.
 */
@Component
public class QualityMeter {

  private final CatalogView view;
  private final RecordValues values;
  private final Map<PlanKey, Plan> plans = new ConcurrentHashMap<>();

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
    Map<QualityCounts.Bucket, Totals> totals = new LinkedHashMap<>();
    Map<TallyKey, Tally> tallies = new HashMap<>();
    QualityCounts.Bucket lastBucket = null;
    Totals lastTotals = null;
    Tally lastTally = null;
    for (Measured record : records) {
      QualityCounts.Bucket bucket = QualityCounts.bucket(record.dataset(), record.timestamp());
      if (!bucket.equals(lastBucket)) {
        lastBucket = bucket;
        lastTotals = totals.computeIfAbsent(bucket, b -> new Totals());
        lastTally = null;
      }
      Totals bucketTotals = lastTotals;
      counts.seen(bucket, record.timestamp());
      String previousKey = record.key() == null ? null : keyOf(record.dataset(), record.key());
      if (record.value() == null) {
        bucketTotals.tombstones++;
        if (previousKey != null) {
          previous.remove(previousKey);
        }
        continue;
      }
      bucketTotals.records++;
      Plan plan = plan(record.dataset(), record.value());
      if (plan != null) {
        if (lastTally == null || lastTally.plan != plan) {
          lastTally = tallies.computeIfAbsent(new TallyKey(bucket, plan), k -> new Tally(plan));
        }
        lastTally.measure(values.decode(plan.writer, record.value()), record.timestamp());
      }
      if (previousKey != null) {
        Previous before =
            previous.put(previousKey, new Previous(record.timestamp(), record.value()));
        switch (consistency(before, record)) {
          case FIRST_OF_DAY -> bucketTotals.firstOfDay++;
          case DUPLICATE -> bucketTotals.duplicates++;
          default -> bucketTotals.changes++;
        }
      }
    }
    totals.forEach((bucket, t) -> t.addTo(bucket, counts));
    tallies.forEach((key, tally) -> tally.addTo(key.bucket(), counts));
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

  /**
   * What to measure of a value of {@code dataset}, by its writer version; null when the version is
   * not (yet) known to the view. Rebuilt when the dataset's current version or standards change.
   */
  private Plan plan(String dataset, byte[] value) {
    Optional<Long> fingerprint = DataRecords.fingerprint(value);
    if (fingerprint.isEmpty()) {
      return null;
    }
    PlanKey key = new PlanKey(dataset, fingerprint.get());
    Plan plan = plans.get(key);
    Optional<CatalogView.SchemaVersion> current = view.currentSchema(dataset);
    StandardsView standards = view.standards(dataset);
    if (plan != null && plan.current == current.orElse(null) && plan.standards == standards) {
      return plan;
    }
    Optional<CatalogView.SchemaVersion> writer = view.writer(dataset, fingerprint.get());
    if (writer.isEmpty() || writer.get().schema().getType() != Schema.Type.RECORD) {
      return null;
    }
    plan = new Plan(writer.get(), current.orElse(null), standards);
    plans.put(key, plan);
    return plan;
  }

  private static LocalDate day(Instant time) {
    return LocalDate.ofInstant(time, ZoneOffset.UTC);
  }

  private record PlanKey(String dataset, long fingerprint) {}

  private record TallyKey(QualityCounts.Bucket bucket, Plan plan) {}

  /** Per-bucket totals of a batch that do not depend on the writer version. */
  private static final class Totals {
    long records;
    long tombstones;
    long firstOfDay;
    long duplicates;
    long changes;

    void addTo(QualityCounts.Bucket bucket, QualityCounts counts) {
      add(counts, bucket, QualityMeasure.RECORDS, records);
      add(counts, bucket, QualityMeasure.TOMBSTONES, tombstones);
      add(counts, bucket, QualityMeasure.FIRST_OF_DAY, firstOfDay);
      add(counts, bucket, QualityMeasure.DUPLICATE, duplicates);
      add(counts, bucket, QualityMeasure.CHANGE, changes);
    }

    private static void add(
        QualityCounts counts, QualityCounts.Bucket bucket, QualityMeasure measure, long n) {
      if (n > 0) {
        counts.add(bucket, measure, "", "", n);
      }
    }
  }

  /**
   * What is measured of one writer version of a dataset: the fields of the writer's schema and of
   * the dataset's current one (a field the current version has but the writer lacked is empty for
   * whoever reads it today), and the standards of the writer version, each with the position of its
   * field; a field broken by two standards of one kind counts once for that kind.
   */
  private static final class Plan {
    final CatalogView.SchemaVersion writer;
    final CatalogView.SchemaVersion current;
    final StandardsView standards;
    final String[] fields;
    final int[] positions;
    final StandardsView.Rule[] rules;
    final int[] rulePositions;
    final Schema[] ruleSchemas;
    final int[] ruleSlots;
    final String[] slotFields;
    final String[] slotKinds;

    Plan(
        CatalogView.SchemaVersion writer,
        CatalogView.SchemaVersion current,
        StandardsView standards) {
      this.writer = writer;
      this.current = current;
      this.standards = standards;
      Schema schema = writer.schema();
      Set<String> names = new LinkedHashSet<>();
      schema.getFields().forEach(f -> names.add(f.name()));
      if (current != null && current.schema().getType() == Schema.Type.RECORD) {
        current.schema().getFields().forEach(f -> names.add(f.name()));
      }
      fields = names.toArray(String[]::new);
      positions = new int[fields.length];
      for (int i = 0; i < fields.length; i++) {
        Schema.Field field = schema.getField(fields[i]);
        positions[i] = field == null ? -1 : field.pos();
      }
      List<StandardsView.Rule> list = standards.rules(writer.version());
      rules = list.toArray(StandardsView.Rule[]::new);
      rulePositions = new int[rules.length];
      ruleSchemas = new Schema[rules.length];
      ruleSlots = new int[rules.length];
      List<String> slots = new ArrayList<>();
      for (int r = 0; r < rules.length; r++) {
        Schema.Field field = schema.getField(rules[r].field());
        rulePositions[r] = field == null ? -1 : field.pos();
        ruleSchemas[r] = field == null ? null : field.schema();
        String slot = rules[r].field() + '\u0000' + rules[r].kind();
        int index = slots.indexOf(slot);
        if (index < 0) {
          index = slots.size();
          slots.add(slot);
        }
        ruleSlots[r] = index;
      }
      slotFields = new String[slots.size()];
      slotKinds = new String[slots.size()];
      for (int i = 0; i < slots.size(); i++) {
        int split = slots.get(i).indexOf('\u0000');
        slotFields[i] = slots.get(i).substring(0, split);
        slotKinds[i] = slots.get(i).substring(split + 1);
      }
    }
  }

  /** A batch's empty fields and broken standards of one plan in one bucket. */
  private static final class Tally {
    final Plan plan;
    final long[] empty;
    final long[] violations;
    final boolean[] broken;

    Tally(Plan plan) {
      this.plan = plan;
      this.empty = new long[plan.fields.length];
      this.violations = new long[plan.slotFields.length];
      this.broken = new boolean[plan.slotFields.length];
    }

    void measure(GenericRecord record, Instant timestamp) {
      if (record == null) {
        return;
      }
      for (int i = 0; i < plan.positions.length; i++) {
        int pos = plan.positions[i];
        if (pos < 0 || RecordValues.isEmptyValue(record.get(pos))) {
          empty[i]++;
        }
      }
      if (plan.rules.length == 0) {
        return;
      }
      LocalDate today = day(timestamp);
      Arrays.fill(broken, false);
      for (int r = 0; r < plan.rules.length; r++) {
        int pos = plan.rulePositions[r];
        Object value =
            pos < 0 ? null : RecordValues.published(record.get(pos), plan.ruleSchemas[r]);
        if (!broken[plan.ruleSlots[r]] && plan.rules[r].check().violation(value, today) != null) {
          broken[plan.ruleSlots[r]] = true;
        }
      }
      for (int s = 0; s < broken.length; s++) {
        if (broken[s]) {
          violations[s]++;
        }
      }
    }

    void addTo(QualityCounts.Bucket bucket, QualityCounts counts) {
      for (int i = 0; i < empty.length; i++) {
        if (empty[i] > 0) {
          counts.add(bucket, QualityMeasure.EMPTY, plan.fields[i], "", empty[i]);
        }
      }
      for (int s = 0; s < violations.length; s++) {
        if (violations[s] > 0) {
          counts.add(
              bucket,
              QualityMeasure.VIOLATION,
              plan.slotFields[s],
              plan.slotKinds[s],
              violations[s]);
        }
      }
    }
  }
}
