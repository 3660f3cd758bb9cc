package io.hutong.exchange.publish;

import io.hutong.exchange.avro.ByteSink;
import io.hutong.exchange.config.ExchangeProperties;
import io.hutong.exchange.metrics.DatasetMeters;
import io.hutong.exchange.quality.QualityCounts;
import io.hutong.exchange.quality.QualityStore;
import io.hutong.exchange.quality.RecordValues;
import io.hutong.exchange.view.CatalogView;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.catalog.DatasetState;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.data.DataRecords;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.schemas.quality.QualityMeasure;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import io.hutong.service.web.JsonInputGuard;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Publishing: only systems of the provider department; every record checked against the dataset's
 * current schema before anything is written; the batch written in one Kafka transaction with its
 * audit event; answered only after Kafka committed.
 */
@Service
public class PublishService {

  private static final Logger log = LoggerFactory.getLogger(PublishService.class);

  private final CatalogView view;
  private final RecordWriter writer;
  private final AuditEmitter audit;
  private final IdempotencyKeys keys;
  private final ExchangeProperties.Publish limits;
  private final AvroBatchReader avro;
  private final StandardsGate standards;
  private final QualityStore quality;
  private final DatasetMeters meters;
  private final Clock clock;

  PublishService(
      CatalogView view,
      RecordWriter writer,
      AuditEmitter audit,
      IdempotencyKeys keys,
      ExchangeProperties properties,
      RecordValues values,
      QualityStore quality,
      DatasetMeters meters,
      Clock clock) {
    this.meters = meters;
    this.avro = new AvroBatchReader(this, view, properties.publish());
    this.standards = new StandardsGate(view, values, clock);
    this.quality = quality;
    this.clock = clock;
    this.view = view;
    this.writer = writer;
    this.audit = audit;
    this.keys = keys;
    this.limits = properties.publish();
  }

  /** Where each record of the batch landed, by index. */
  public record Result(int index, int partition, long offset) {

    static List<Result> of(List<RecordWriter.Written> written) {
      List<Result> results = new ArrayList<>(written.size());
      for (int i = 0; i < written.size(); i++) {
        results.add(new Result(i, written.get(i).partition(), written.get(i).offset()));
      }
      return results;
    }
  }

  /**
   * A validated batch, ready to write: its dataset, its records and the audit event that goes with
   * them.
   */
  record Batch(
      String dataset, String topic, List<RecordWriter.Outgoing> records, AuditEvent audit) {

    /** Bytes of the encoded record values (tombstones have none), for the traffic metrics. */
    long valueBytes() {
      long bytes = 0;
      for (int i = 0; i < records.size(); i++) {
        byte[] value = records.get(i).value();
        bytes += value == null ? 0 : value.length;
      }
      return bytes;
    }
  }

  /** Publishes a JSON batch ({@code {"records": [{key, value, headers?}, …]}}). */
  public List<Result> publish(
      Caller caller, CallContext call, String code, JsonNode body, String idempotencyKey) {
    return publish(
        call,
        code,
        count(body),
        () -> prepare(caller, call, code, body),
        idempotencyKey == null ? null : body.toString(),
        caller,
        idempotencyKey);
  }

  /**
   * Publishes a batch already encoded in Avro: an object container of {@link
   * io.hutong.schemas.data.AvroBatches#PUBLISHED} envelopes, each value single-object encoded with
   * a registered schema version of the dataset.
   */
  public List<Result> publishAvro(
      Caller caller, CallContext call, String code, byte[] body, String idempotencyKey) {
    return publish(
        call,
        code,
        0,
        () -> avro.prepare(caller, call, code, body),
        idempotencyKey == null ? null : "avro:" + java.util.HexFormat.of().formatHex(sha256(body)),
        caller,
        idempotencyKey);
  }

  private List<Result> publish(
      CallContext call,
      String code,
      int count,
      java.util.function.Supplier<Batch> prepare,
      String bodyIdentity,
      Caller caller,
      String idempotencyKey) {
    try {
      Batch batch = prepare.get();
      standards.check(code, batch.records());
      return idempotencyKey == null
          ? write(batch)
          : keys.publish(caller.actor(), idempotencyKey, code, bodyIdentity, batch);
    } catch (Refusal refusal) {
      countRejected(code, refusal);
      audit.send(
          audit.event(
              call,
              AuditAction.RECORDS_PUBLISHED,
              refusal.kind() == Refusal.Kind.UNAVAILABLE ? Outcome.FAILED : Outcome.DENIED,
              code,
              null,
              (long) count,
              refusal.detail()));
      throw refusal;
    } catch (RuntimeException e) {
      audit.send(
          audit.event(
              call,
              AuditAction.RECORDS_PUBLISHED,
              Outcome.FAILED,
              code,
              null,
              (long) count,
              e.getClass().getSimpleName()));
      throw e;
    }
  }

  private static byte[] sha256(byte[] body) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(body);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where a batch for {@code code} goes: its topic and the dataset's current schema. */
  record Target(String topic, CatalogView.SchemaVersion schema) {}

  /**
   * Checks that {@code caller} may publish to {@code code} now: a system of the provider, the
   * dataset known, active, with a schema the exchange has.
   */
  Target target(Caller caller, String code) {
    DatasetCode parsed;
    try {
      parsed = DatasetCode.parse(code);
    } catch (IllegalArgumentException e) {
      throw Refusal.notFound("Dataset " + code);
    }
    if (!caller.has(HutongRole.DEPARTMENT_SYSTEM) || !caller.belongsTo(parsed.provider())) {
      throw Refusal.forbidden(
          "Only systems of " + parsed.provider() + " may publish to " + code + ".");
    }
    DatasetState dataset =
        view.dataset(code)
            .orElseThrow(
                () ->
                    view.replayed()
                        ? Refusal.notFound("Dataset " + code)
                        : new Refusal(
                            Refusal.Kind.UNAVAILABLE,
                            "catalog-view-not-ready",
                            "The exchange is still loading the catalogue; retry shortly."));
    if (dataset.getStatus() == DatasetStatus.RETIRED) {
      throw new Refusal(
          Refusal.Kind.CONFLICT, "dataset-retired", code + " is retired and takes no new records.");
    }
    CatalogView.SchemaVersion schema =
        view.currentSchema(code)
            .orElseThrow(
                () ->
                    new Refusal(
                        Refusal.Kind.UNAVAILABLE,
                        "schema-unknown",
                        "The schema of "
                            + code
                            + " has not reached the exchange yet; retry shortly."));
    return new Target(parsed.topic(), schema);
  }

  /**
   * Counts a batch refused for its records (schema or standard problems) against the dataset's
   * quality: the records refused, by reason, and the batch. Best effort: a database hiccup must not
   * turn the caller's 422 into a 500.
   */
  private void countRejected(String code, Refusal refusal) {
    if (!"invalid-records".equals(refusal.type())
        || !(refusal.extensions().get("errors") instanceof List<?> errors)
        || view.dataset(code).isEmpty()) {
      return;
    }
    java.util.Set<Integer> records = new java.util.HashSet<>();
    boolean standard = false;
    for (Object error : errors) {
      if (error instanceof StandardsGate.Violation violation) {
        records.add(violation.index());
        standard = true;
      } else if (error instanceof JsonToAvro.FieldError field) {
        records.add(field.index());
      }
    }
    meters.rejected(code, standard ? "standard" : "schema", records.size());
    QualityCounts counts = new QualityCounts();
    QualityCounts.Bucket bucket = QualityCounts.bucket(code, clock.instant());
    counts.add(
        bucket, QualityMeasure.REJECTED, "", standard ? "standard" : "schema", records.size());
    counts.add(bucket, QualityMeasure.REJECTED_BATCHES);
    try {
      quality.add(counts);
    } catch (RuntimeException e) {
      log.warn("refused batch of {} not counted for quality: {}", code, e.toString());
    }
  }

  /** The refusal of a batch with field-level problems: nothing of it is written. */
  static Refusal invalid(List<?> errors) {
    return new Refusal(
        Refusal.Kind.UNPROCESSABLE,
        "invalid-records",
        errors.size() + " problem(s) in the batch; nothing was written.",
        Map.of("errors", errors));
  }

  /** 413 for a batch of more records than one may hold. */
  Refusal tooMany(int records) {
    return Refusal.tooLarge(
        "A batch holds at most " + limits.maxRecords() + " records; this one has " + records + ".");
  }

  /** 413 for one record above the size limit. */
  Refusal tooBig(int index, int bytes) {
    return Refusal.tooLarge(
        "Record "
            + index
            + " is "
            + bytes
            + " bytes encoded; the limit is "
            + limits.maxRecordSize().toBytes()
            + ".");
  }

  /** The audit event of a batch about to be written. */
  AuditEvent allowed(CallContext call, String code, int records) {
    return audit.event(
        call, AuditAction.RECORDS_PUBLISHED, Outcome.ALLOWED, code, null, (long) records, null);
  }

  private Batch prepare(Caller caller, CallContext call, String code, JsonNode body) {
    Target target = target(caller, code);
    CatalogView.SchemaVersion schema = target.schema();
    JsonNode records = body == null ? null : body.get("records");
    if (records == null || !records.isArray() || records.isEmpty()) {
      throw Refusal.invalid(
          "The body must be {\"records\": [{\"key\", \"value\", \"headers\"?}, …]} with at least one record.");
    }
    if (records.size() > limits.maxRecords()) {
      throw tooMany(records.size());
    }
    List<JsonToAvro.FieldError> errors = new ArrayList<>();
    List<RecordWriter.Outgoing> outgoing = new ArrayList<>(records.size());
    // The platform's headers are the same for every record of the batch: built once, shared.
    Map<String, byte[]> platform =
        java.util.Collections.unmodifiableMap(
            DataRecords.headers(Map.of(), schema.version(), caller.actor(), call.requestId()));
    byte[] header = DataRecords.header(schema.fingerprint());
    ByteSink sink = new ByteSink(1024);
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      if (record == null || !record.isObject()) {
        errors.add(
            new JsonToAvro.FieldError(i, "(record)", "must be an object with key and value"));
        continue;
      }
      JsonNode key = record.get("key");
      if (key != null && !key.isNull() && !key.isString()) {
        errors.add(new JsonToAvro.FieldError(i, "key", "must be a string or null"));
      } else if (key != null && key.isString() && JsonInputGuard.isRefused(key.asString())) {
        errors.add(
            new JsonToAvro.FieldError(
                i, "key", "must not contain NUL, other control characters or unpaired surrogates"));
      }
      JsonNode value = record.get("value");
      if (value != null && value.isNull()) {
        // A tombstone: the key's record is withdrawn (lookups stop finding it).
        Map<String, byte[]> headers = headers(record.get("headers"), i, errors);
        if (key == null || !key.isString()) {
          errors.add(
              new JsonToAvro.FieldError(
                  i, "value", "may be null (a tombstone) only for a record with a key"));
          continue;
        }
        outgoing.add(
            new RecordWriter.Outgoing(key.asString(), null, withPlatform(headers, platform)));
        continue;
      }
      sink.reset();
      sink.write(header, 0, header.length);
      boolean written = JsonToAvro.write(value, schema.schema(), i, errors, sink);
      Map<String, byte[]> headers = headers(record.get("headers"), i, errors);
      if (!written) {
        continue;
      }
      if (sink.length() > limits.maxRecordSize().toBytes()) {
        throw tooBig(i, sink.length());
      }
      outgoing.add(
          new RecordWriter.Outgoing(
              key != null && key.isString() ? key.asString() : null,
              sink.toByteArray(),
              withPlatform(headers, platform)));
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return new Batch(code, target.topic(), outgoing, allowed(call, code, outgoing.size()));
  }

  /** The caller's headers with the platform's over them, or the shared platform headers alone. */
  private static Map<String, byte[]> withPlatform(
      Map<String, byte[]> headers, Map<String, byte[]> platform) {
    if (headers.isEmpty()) {
      return platform;
    }
    headers.putAll(platform);
    return headers;
  }

  /** 503 when Kafka may or may not have committed: never "nothing was published". */
  static final class OutcomeUnknownRefusal extends Refusal {
    OutcomeUnknownRefusal(boolean keyed) {
      super(
          Refusal.Kind.UNAVAILABLE,
          "outcome-unknown",
          keyed
              ? "Kafka did not confirm the batch in time; it may have been published. Retry with the"
                  + " same Idempotency-Key to get the definite answer."
              : "Kafka did not confirm the batch in time; it may have been published. Publish with an"
                  + " Idempotency-Key to retry safely.");
    }
  }

  /** Writes a batch published without an Idempotency-Key. */
  private List<Result> write(Batch batch) {
    try {
      List<Result> results = Result.of(writer.write(batch.topic(), batch.records(), batch.audit()));
      meters.published(batch.dataset(), batch.records().size(), batch.valueBytes());
      return results;
    } catch (Exception e) {
      throw failure(e, false);
    }
  }

  /**
   * What the caller is told when writing a batch failed: a refusal as it is; 503 outcome-unknown
   * when Kafka may have committed; else 503, nothing was published.
   */
  static Refusal failure(Exception e, boolean keyed) {
    if (e instanceof Refusal refusal) {
      return refusal;
    }
    if (e instanceof RecordWriter.OutcomeUnknown) {
      return new OutcomeUnknownRefusal(keyed);
    }
    return new Refusal(
        Refusal.Kind.UNAVAILABLE,
        "kafka-unavailable",
        "The records could not be written to Kafka; nothing was published. Retry with the same"
            + " Idempotency-Key.");
  }

  /** Why a client header cannot be stored, or null when it can. */
  static String headerProblem(String name, String value) {
    return name.startsWith(DataRecords.RESERVED_PREFIX)
        ? "names starting with hutong. are reserved"
        : JsonInputGuard.isRefused(name) || JsonInputGuard.isRefused(value)
            ? "must not contain NUL, other control characters or unpaired surrogates"
            : null;
  }

  private static Map<String, byte[]> headers(
      JsonNode headers, int index, List<JsonToAvro.FieldError> errors) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (headers == null || headers.isNull()) {
      return out;
    }
    if (!headers.isObject()) {
      errors.add(new JsonToAvro.FieldError(index, "headers", "must be an object of strings"));
      return out;
    }
    for (String name : headers.propertyNames()) {
      JsonNode value = headers.get(name);
      String problem =
          name.startsWith(DataRecords.RESERVED_PREFIX)
              ? "names starting with hutong. are reserved"
              : !value.isString() ? "must be a string" : headerProblem(name, value.asString());
      if (problem != null) {
        errors.add(new JsonToAvro.FieldError(index, "headers." + name, problem));
        continue;
      }
      out.put(name, value.asString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private static int count(JsonNode body) {
    JsonNode records = body == null ? null : body.get("records");
    return records != null && records.isArray() ? records.size() : 0;
  }
}
