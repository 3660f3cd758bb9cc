package io.hutong.exchange.publish;

import io.hutong.exchange.config.ExchangeProperties;
import io.hutong.exchange.view.CatalogView;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.catalog.DatasetState;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.data.DataRecords;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import io.hutong.service.web.JsonInputGuard;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishing: only systems of the provider department; every record checked against the dataset's
 * current schema before anything is written; the batch written in one Kafka transaction with its
 * audit event; answered only after Kafka committed.
 */
@Service
public class PublishService {

  private final CatalogView view;
  private final RecordWriter writer;
  private final AuditEmitter audit;
  private final IdempotencyKeys keys;
  private final JsonMapper json;
  private final ExchangeProperties.Publish limits;
  private final DataRecords codec;

  PublishService(
      CatalogView view,
      RecordWriter writer,
      AuditEmitter audit,
      IdempotencyKeys keys,
      JsonMapper json,
      ExchangeProperties properties,
      DataRecords codec) {
    this.codec = codec;
    this.view = view;
    this.writer = writer;
    this.audit = audit;
    this.keys = keys;
    this.json = json;
    this.limits = properties.publish();
  }

  /** Where each record of the batch landed, by index. */
  public record Result(int index, int partition, long offset) {}

  /** A validated batch, ready to write. */
  private record Prepared(
      String topic,
      List<RecordWriter.Outgoing> records,
      io.hutong.schemas.audit.AuditEvent audit) {}

  public List<Result> publish(
      Caller caller, CallContext call, String code, JsonNode body, String idempotencyKey) {
    try {
      Prepared prepared = prepare(caller, call, code, body);
      return idempotencyKey == null
          ? write(prepared, null, () -> {})
          : keyed(caller, code, body, idempotencyKey, prepared);
    } catch (Refusal refusal) {
      audit.send(
          audit.event(
              call,
              AuditAction.RECORDS_PUBLISHED,
              refusal.kind() == Refusal.Kind.UNAVAILABLE ? Outcome.FAILED : Outcome.DENIED,
              code,
              null,
              (long) count(body),
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
              (long) count(body),
              e.getClass().getSimpleName()));
      throw e;
    }
  }

  /**
   * Same key and body → the first answer; a claim whose owner died is resolved from Kafka itself:
   * its records are either all there (committed) or absent (aborted by the transaction timeout).
   */
  private List<Result> keyed(
      Caller caller, String code, JsonNode body, String key, Prepared prepared) {
    if (key.isBlank() || key.length() > 200 || !key.chars().allMatch(c -> c >= 0x21 && c < 0x7f)) {
      throw new Refusal(
          Refusal.Kind.MALFORMED,
          "invalid-idempotency-key",
          "Idempotency-Key must be 1 to 200 visible ASCII characters.");
    }
    byte[] hash = sha256(code + "\n" + body);
    String start = positions(prepared.topic());
    IdempotencyKeys.Decision decision = keys.claim(caller.actor(), key, code, hash, start);
    return switch (decision) {
      case IdempotencyKeys.Replay replay -> readResults(replay.response());
      case IdempotencyKeys.Publish publish ->
          writeClaimed(caller.actor(), key, publish.attempt(), prepared);
      case IdempotencyKeys.Recover recover ->
          recover(caller.actor(), key, recover.claim(), prepared, start);
    };
  }

  private List<Result> recover(
      String client, String key, IdempotencyKeys.Claim stale, Prepared prepared, String start) {
    var committed =
        writer.findAttempt(
            prepared.topic(), stale.startCursor(), stale.attempt(), prepared.records().size());
    if (committed.isPresent()) {
      List<Result> results = results(committed.get());
      keys.complete(client, key, stale.attempt(), json.writeValueAsString(results));
      return results;
    }
    UUID attempt = UUID.randomUUID();
    if (!keys.takeOver(stale, attempt, start)) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "request-in-flight",
          "A request with this Idempotency-Key is being processed; retry shortly.");
    }
    return writeClaimed(client, key, attempt, prepared);
  }

  private List<Result> writeClaimed(String client, String key, UUID attempt, Prepared prepared) {
    List<Result> results;
    try {
      results =
          write(
              prepared,
              attempt,
              () -> {
                // Re-stamp the claim right before the transaction: a slow owner is never taken
                // over.
                if (!keys.touch(client, key, attempt)) {
                  throw new Refusal(
                      Refusal.Kind.CONFLICT,
                      "request-in-flight",
                      "Another request took over this Idempotency-Key; retry to get its answer.");
                }
              });
    } catch (OutcomeUnknownRefusal unknown) {
      throw unknown; // the claim stays: recovery settles it from Kafka
    } catch (RuntimeException e) {
      keys.release(client, key, attempt);
      throw e;
    }
    keys.complete(client, key, attempt, json.writeValueAsString(results));
    return results;
  }

  private String positions(String topic) {
    try {
      return writer.endPositions(topic);
    } catch (Exception e) {
      throw new Refusal(
          Refusal.Kind.UNAVAILABLE,
          "kafka-unavailable",
          "Kafka is not reachable; nothing was published. Retry with the same Idempotency-Key.");
    }
  }

  private List<Result> readResults(String response) {
    return List.of(json.readValue(response, Result[].class));
  }

  private static List<Result> results(List<RecordWriter.Written> written) {
    List<Result> results = new ArrayList<>(written.size());
    for (int i = 0; i < written.size(); i++) {
      results.add(new Result(i, written.get(i).partition(), written.get(i).offset()));
    }
    return results;
  }

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Prepared prepare(Caller caller, CallContext call, String code, JsonNode body) {
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
    JsonNode records = body == null ? null : body.get("records");
    if (records == null || !records.isArray() || records.isEmpty()) {
      throw Refusal.invalid(
          "The body must be {\"records\": [{\"key\", \"value\", \"headers\"?}, …]} with at least one record.");
    }
    if (records.size() > limits.maxRecords()) {
      throw Refusal.tooLarge(
          "A batch holds at most "
              + limits.maxRecords()
              + " records; this one has "
              + records.size()
              + ".");
    }
    List<JsonToAvro.FieldError> errors = new ArrayList<>();
    List<RecordWriter.Outgoing> outgoing = new ArrayList<>(records.size());
    String requestId = call.requestId();
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
      GenericRecord value = JsonToAvro.convert(record.get("value"), schema.schema(), i, errors);
      Map<String, byte[]> headers = headers(record.get("headers"), i, errors);
      if (value == null) {
        continue;
      }
      byte[] encoded = codec.encode(schema.schema(), value);
      if (encoded.length > limits.maxRecordSize().toBytes()) {
        throw Refusal.tooLarge(
            "Record "
                + i
                + " is "
                + encoded.length
                + " bytes encoded; the limit is "
                + limits.maxRecordSize().toBytes()
                + ".");
      }
      outgoing.add(
          new RecordWriter.Outgoing(
              key != null && key.isString() ? key.asString() : null,
              encoded,
              DataRecords.headers(headers, schema.version(), caller.actor(), requestId)));
    }
    if (!errors.isEmpty()) {
      throw new Refusal(
          Refusal.Kind.UNPROCESSABLE,
          "invalid-records",
          errors.size() + " problem(s) in the batch; nothing was written.",
          Map.of("errors", errors));
    }
    return new Prepared(
        parsed.topic(),
        outgoing,
        audit.event(
            call,
            AuditAction.RECORDS_PUBLISHED,
            Outcome.ALLOWED,
            code,
            null,
            (long) outgoing.size(),
            null));
  }

  /** Writes a prepared batch, tagging its records with {@code attempt} when keyed. */
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

  private List<Result> write(Prepared prepared, UUID attempt, Runnable beforeBegin) {
    List<RecordWriter.Outgoing> records = prepared.records();
    if (attempt != null) {
      List<RecordWriter.Outgoing> tagged = new ArrayList<>(records.size());
      for (int i = 0; i < records.size(); i++) {
        RecordWriter.Outgoing record = records.get(i);
        tagged.add(
            new RecordWriter.Outgoing(
                record.key(),
                record.value(),
                DataRecords.tagged(record.headers(), attempt.toString(), i)));
      }
      records = tagged;
    }
    try {
      return results(writer.write(prepared.topic(), records, prepared.audit(), beforeBegin));
    } catch (Refusal refusal) {
      throw refusal;
    } catch (RecordWriter.OutcomeUnknown e) {
      throw new OutcomeUnknownRefusal(attempt != null);
    } catch (Exception e) {
      throw new Refusal(
          Refusal.Kind.UNAVAILABLE,
          "kafka-unavailable",
          "The records could not be written to Kafka; nothing was published. Retry with the same Idempotency-Key.");
    }
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
              : !value.isString()
                  ? "must be a string"
                  : JsonInputGuard.isRefused(name) || JsonInputGuard.isRefused(value.asString())
                      ? "must not contain NUL, other control characters or unpaired surrogates"
                      : null;
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
