package io.hutong.exchange.lookup;

import io.hutong.exchange.publish.AuditEmitter;
import io.hutong.exchange.subscribe.AvroToJson;
import io.hutong.exchange.view.CatalogView;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.data.DataRecords;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import io.hutong.service.web.JsonInputGuard;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Answers one question about one record without a stream: the latest record of a key (only the
 * caller's read fields), a batch of keys, or whether values the caller already holds match the
 * record (never the record's values). Governed by the caller's department's live grant — its read
 * fields, its verify fields and its daily lookup quota — and audited per key: the event names the
 * keys, the fields disclosed or compared and what the caller learned, and is acknowledged by Kafka
 * before anything is answered.
 */
@Service
public class LookupService {

  /** Most keys one batch lookup may ask for. */
  public static final int MAX_KEYS = 100;

  private final CatalogView view;
  private final LatestRecords store;
  private final LookupQuota quota;
  private final AuditEmitter audit;
  private final DataRecords codec;
  private final Clock clock;

  LookupService(
      CatalogView view,
      LatestRecords store,
      LookupQuota quota,
      AuditEmitter audit,
      DataRecords codec,
      Clock clock) {
    this.view = view;
    this.store = store;
    this.quota = quota;
    this.audit = audit;
    this.codec = codec;
    this.clock = clock;
  }

  /** The latest record of a key: the caller's read fields of its value, and where it is stored. */
  public record Found(
      String key,
      Map<String, Object> value,
      Integer schemaVersion,
      int partition,
      long offset,
      Instant timestamp) {}

  /** A batch lookup: the records found, in the order asked, and the keys without one. */
  public record Lookups(List<Found> items, List<String> missing) {}

  /** A verification: whether the key has a record and, per compared field, whether it matched. */
  public record Verified(String key, boolean found, Map<String, Boolean> matches) {}

  /** {@code GET .../records/{key}}: 404 when the key has no record or its latest is a tombstone. */
  public Found lookup(Caller caller, CallContext call, String dataset, String key) {
    return audited(
        call,
        AuditAction.RECORD_LOOKED_UP,
        dataset,
        List.of(key),
        () -> {
          Access access = access(caller, dataset);
          requireKey(key, "key");
          charge(access.grant(), 1);
          LatestRecords.Stored stored = store.find(dataset, key).orElse(null);
          if (stored == null) {
            return new Answered<>(
                null,
                List.of(),
                "missing: " + key,
                Refusal.notFound("A record with key " + key + " in " + dataset));
          }
          Found found = found(stored, access.grant().fields());
          return new Answered<>(found, List.copyOf(found.value().keySet()), "found: " + key, null);
        });
  }

  /** {@code POST .../lookups}: at most {@value #MAX_KEYS} distinct keys. */
  public Lookups lookups(Caller caller, CallContext call, String dataset, List<String> keys) {
    List<String> asked = keys == null ? List.of() : keys;
    return audited(
        call,
        AuditAction.RECORD_LOOKED_UP,
        dataset,
        asked,
        () -> {
          Access access = access(caller, dataset);
          if (asked.isEmpty() || asked.size() > MAX_KEYS) {
            throw Refusal.invalid("keys must hold 1 to " + MAX_KEYS + " keys.");
          }
          Set<String> distinct = new LinkedHashSet<>();
          for (int i = 0; i < asked.size(); i++) {
            requireKey(asked.get(i), "keys[" + i + "]");
            distinct.add(asked.get(i));
          }
          charge(access.grant(), distinct.size());
          Map<String, LatestRecords.Stored> stored = store.findAll(dataset, distinct);
          List<Found> items = new ArrayList<>();
          List<String> missing = new ArrayList<>();
          Set<String> disclosed = new LinkedHashSet<>();
          for (String key : distinct) {
            LatestRecords.Stored s = stored.get(key);
            if (s == null) {
              missing.add(key);
            } else {
              Found found = found(s, access.grant().fields());
              disclosed.addAll(found.value().keySet());
              items.add(found);
            }
          }
          String learned =
              "found "
                  + items.size()
                  + " of "
                  + distinct.size()
                  + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing));
          return new Answered<>(new Lookups(items, missing), List.copyOf(disclosed), learned, null);
        });
  }

  /**
   * {@code POST .../verifications}: compares each held value with the record's, for fields the
   * grant lets the caller verify or read; answers matches only, never a stored value.
   */
  public Verified verify(
      Caller caller, CallContext call, String dataset, String key, Map<String, JsonNode> held) {
    return audited(
        call,
        AuditAction.RECORD_VERIFIED,
        dataset,
        key == null ? List.of() : List.of(key),
        () -> {
          Access access = access(caller, dataset);
          requireKey(key, "key");
          if (held == null || held.isEmpty()) {
            throw Refusal.invalid("fields must name at least one field and the value held.");
          }
          Schema current = access.schema();
          Set<String> comparable = new LinkedHashSet<>(access.grant().verifyFields());
          comparable.addAll(access.grant().fields());
          List<String> notGranted = new ArrayList<>();
          for (Map.Entry<String, JsonNode> field : held.entrySet()) {
            Schema.Field declared = current.getField(field.getKey());
            if (declared == null) {
              throw Refusal.invalid(
                  "fields." + field.getKey() + " is not a field of " + dataset + ".");
            }
            if (!comparable.contains(field.getKey())) {
              notGranted.add(field.getKey());
            }
            Comparison.requireComparable(field.getKey(), declared.schema(), field.getValue());
          }
          if (!notGranted.isEmpty()) {
            throw new Refusal(
                Refusal.Kind.FORBIDDEN,
                "field-not-granted",
                "The grant of "
                    + caller.department()
                    + " for "
                    + dataset
                    + " allows neither reading nor verifying "
                    + String.join(", ", notGranted)
                    + ".");
          }
          charge(access.grant(), 1);
          List<String> compared = List.copyOf(held.keySet());
          LatestRecords.Stored stored = store.find(dataset, key).orElse(null);
          if (stored == null) {
            return new Answered<>(
                new Verified(key, false, Map.of()), compared, "not found: " + key, null);
          }
          GenericRecord record = decode(stored, writer(stored));
          Map<String, Boolean> matches = new LinkedHashMap<>();
          for (Map.Entry<String, JsonNode> field : held.entrySet()) {
            Schema.Field written = record.getSchema().getField(field.getKey());
            matches.put(
                field.getKey(),
                written != null
                    && Comparison.matches(
                        field.getKey(),
                        written.schema(),
                        record.get(written.pos()),
                        field.getValue()));
          }
          StringBuilder learned = new StringBuilder("found: ").append(key);
          matches.forEach(
              (name, match) ->
                  learned.append("; ").append(name).append(match ? "=match" : "=mismatch"));
          return new Answered<>(
              new Verified(key, true, matches), compared, learned.toString(), null);
        });
  }

  /** The caller's live grant for the dataset and the dataset's current schema. */
  private record Access(CatalogView.GrantView grant, Schema schema) {}

  private Access access(Caller caller, String dataset) {
    if (!caller.has(HutongRole.DEPARTMENT_SYSTEM)) {
      throw Refusal.forbidden("Only department systems look up and verify records.");
    }
    if (!view.replayed()) {
      throw new Refusal(
          Refusal.Kind.UNAVAILABLE,
          "catalog-view-not-ready",
          "The exchange is still loading the catalogue; retry shortly.");
    }
    CatalogView.SchemaVersion schema =
        view.currentSchema(dataset == null ? "" : dataset)
            .orElseThrow(() -> Refusal.notFound("Dataset " + dataset));
    CatalogView.GrantView grant =
        view.liveGrant(dataset, caller.department(), clock.instant())
            .orElseThrow(
                () ->
                    new Refusal(
                        Refusal.Kind.FORBIDDEN,
                        "not-granted",
                        caller.department()
                            + " holds no live grant for "
                            + dataset
                            + " (never granted, revoked or expired)."));
    return new Access(grant, schema.schema());
  }

  private static void requireKey(String key, String where) {
    if (key == null || key.isEmpty()) {
      throw Refusal.invalid(where + " must be a non-empty string.");
    }
    if (key.length() > LatestRecords.MAX_KEY_LENGTH) {
      throw Refusal.invalid(
          where + " is longer than " + LatestRecords.MAX_KEY_LENGTH + " characters.");
    }
    if (JsonInputGuard.isRefused(key)) {
      throw Refusal.invalid(
          where + " must not contain NUL, other control characters or unpaired surrogates.");
    }
  }

  /** Charges {@code uses} against the grant's daily quota; 429 until the next UTC day past it. */
  private void charge(CatalogView.GrantView grant, int uses) {
    if (grant.lookupQuota() == null) {
      return;
    }
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    if (!quota.charge(grant.id(), today, uses, grant.lookupQuota())) {
      Duration untilTomorrow =
          Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
      throw new Refusal(
          Refusal.Kind.TOO_MANY,
          "lookup-quota-exceeded",
          "The grant's quota of "
              + grant.lookupQuota()
              + " lookups and verifications per day (UTC) would be exceeded by "
              + uses
              + "; it renews at midnight UTC.",
          Map.of("quota", grant.lookupQuota()),
          untilTomorrow.plusSeconds(1));
    }
  }

  private Found found(LatestRecords.Stored stored, List<String> readable) {
    CatalogView.SchemaVersion writer = writer(stored);
    GenericRecord record = decode(stored, writer);
    return new Found(
        stored.key(),
        AvroToJson.project(record, readable),
        writer.version(),
        stored.partition(),
        stored.offset(),
        stored.timestamp());
  }

  private GenericRecord decode(LatestRecords.Stored stored, CatalogView.SchemaVersion writer) {
    try {
      return codec.decode(writer.schema(), stored.value());
    } catch (IOException e) {
      throw new IllegalStateException(
          "undecodable latest record of " + stored.dataset() + " at offset " + stored.offset(), e);
    }
  }

  /** The version that wrote a stored value; 503 while its schema has not reached the exchange. */
  private CatalogView.SchemaVersion writer(LatestRecords.Stored stored) {
    long fingerprint =
        DataRecords.fingerprint(stored.value())
            .orElseThrow(
                () -> new IllegalStateException("stored value is not single-object encoded"));
    return view.writer(stored.dataset(), fingerprint)
        .orElseThrow(io.hutong.exchange.subscribe.SubscriptionService::schemaUnknown);
  }

  /**
   * What one call produced: its answer (or the refusal it ends in after being counted, a 404), the
   * fields it disclosed or compared, and what the caller learned, for the audit event.
   */
  private record Answered<T>(T answer, List<String> fields, String learned, Refusal refusal) {}

  private interface Work<T> {
    Answered<T> run();
  }

  /**
   * Runs {@code work} and records it — allowed with the keys, fields and what was learned; denied
   * or failed with the reason — acknowledged before the answer leaves. If the event cannot be
   * recorded, nothing is answered (503).
   */
  private <T> T audited(
      CallContext call, AuditAction action, String dataset, List<String> keys, Work<T> work) {
    Answered<T> outcome;
    try {
      outcome = work.run();
    } catch (Refusal refusal) {
      audit.acknowledged(
          event(
                  call,
                  action,
                  io.hutong.schemas.audit.Outcome.DENIED,
                  dataset,
                  keys,
                  refusal.detail())
              .build());
      throw refusal;
    } catch (RuntimeException e) {
      audit.send(
          event(
                  call,
                  action,
                  io.hutong.schemas.audit.Outcome.FAILED,
                  dataset,
                  keys,
                  e.getClass().getSimpleName())
              .build());
      throw e;
    }
    AuditEvent event =
        event(call, action, io.hutong.schemas.audit.Outcome.ALLOWED, dataset, keys, null)
            .fields(outcome.fields())
            .result(outcome.learned())
            .build();
    audit.acknowledged(event);
    if (outcome.refusal() != null) {
      throw outcome.refusal();
    }
    return outcome.answer();
  }

  private io.hutong.schemas.audit.AuditEvents.Builder event(
      CallContext call,
      AuditAction action,
      io.hutong.schemas.audit.Outcome outcome,
      String dataset,
      List<String> keys,
      String reason) {
    return audit
        .builder(call, action, outcome)
        .dataset(dataset)
        .resource("dataset:" + dataset)
        .keys(keys.size() > MAX_KEYS ? keys.subList(0, MAX_KEYS) : keys)
        .reason(reason);
  }
}
