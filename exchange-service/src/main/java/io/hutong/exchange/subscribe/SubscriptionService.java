package io.hutong.exchange.subscribe;

import io.hutong.exchange.metrics.DatasetMeters;
import io.hutong.exchange.publish.AuditEmitter;
import io.hutong.exchange.publish.RecordWriter;
import io.hutong.exchange.view.CatalogView;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.data.DataRecords;
import io.hutong.schemas.data.DataTopics;
import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import io.hutong.service.web.JsonInputGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Service;

/**
 * Subscriptions of granted consumer systems: create, list, delete, fetch (long poll), commit and
 * seek. Every call checks that the caller owns the subscription and that its department's grant is
 * live at that moment; values leave with the granted fields only.
 */
@Service
public class SubscriptionService {

  static final int MAX_RECORDS = 5_000;
  static final int DEFAULT_RECORDS = 500;
  static final int MAX_WAIT_MS = 30_000;

  private final SubscriptionRepository subscriptions;
  private final TopicReader reader;
  private final CatalogView view;
  private final RecordWriter topics;
  private final AuditEmitter audit;
  private final Clock clock;
  private final DataRecords codec;
  private final DeliveryTracing tracing;
  private final DatasetMeters meters;

  SubscriptionService(
      SubscriptionRepository subscriptions,
      TopicReader reader,
      CatalogView view,
      RecordWriter topics,
      AuditEmitter audit,
      Clock clock,
      DataRecords codec,
      DeliveryTracing tracing,
      DatasetMeters meters) {
    this.codec = codec;
    this.tracing = tracing;
    this.meters = meters;
    this.subscriptions = subscriptions;
    this.reader = reader;
    this.view = view;
    this.topics = topics;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * A delivered record as JSON: granted fields only, read through the version it was written with.
   */
  public record DeliveredRecord(
      String key,
      Map<String, Object> value,
      int partition,
      long offset,
      Instant timestamp,
      Integer schemaVersion) {}

  /** A page of records and the cursor after them. */
  public record Fetch(List<DeliveredRecord> records, String cursor) {}

  public Subscription create(Caller caller, CallContext call, String dataset, String startFrom) {
    return audited(
        caller,
        call,
        AuditAction.SUBSCRIPTION_CREATED,
        dataset,
        null,
        () -> {
          requireSystem(caller);
          requireViewReady();
          if (dataset == null || view.dataset(dataset).isEmpty()) {
            throw Refusal.notFound("Dataset " + dataset);
          }
          requireLiveGrant(dataset, caller.department());
          String from = startFrom == null ? "latest" : startFrom;
          validatePosition(from);
          Subscription subscription =
              new Subscription(
                  UUID.randomUUID(),
                  dataset,
                  caller.actor(),
                  caller.department(),
                  from,
                  clock.instant());
          String topic = DataTopics.forDataset(dataset);
          try {
            topics.ensureTopic(topic);
          } catch (Exception e) {
            throw new Refusal(
                Refusal.Kind.UNAVAILABLE, "kafka-unavailable", "Kafka is not reachable; retry.");
          }
          reader.commit(subscription, topic, reader.resolve(subscription, topic, from));
          subscriptions.insert(subscription);
          return subscription;
        });
  }

  /** The caller's subscriptions; subscriptions belong to department systems only. */
  /** A page of the caller's subscriptions: {@code limit} (1–500) after {@code cursor}. */
  public Page list(Caller caller, CallContext call, Integer limit, String cursor) {
    try {
      requireSystem(caller);
    } catch (Refusal refusal) {
      audit.send(
          audit.event(
              call,
              AuditAction.REQUEST_REJECTED,
              Outcome.DENIED,
              null,
              null,
              null,
              refusal.detail()));
      throw refusal;
    }
    int size = limit == null ? 100 : limit;
    if (size < 1 || size > 500) {
      throw Refusal.invalid("limit must be between 1 and 500.");
    }
    UUID after;
    try {
      after = cursor == null ? null : UUID.fromString(cursor);
    } catch (IllegalArgumentException e) {
      throw Refusal.malformed("cursor is not valid.");
    }
    List<Subscription> rows = subscriptions.ownedBy(caller.actor(), after, size + 1);
    List<SubscriptionView> items = rows.stream().limit(size).map(SubscriptionView::of).toList();
    return new Page(items, rows.size() > size ? items.getLast().id().toString() : null);
  }

  /** A subscription as the API shows it. */
  public record SubscriptionView(UUID id, String dataset, String startFrom, Instant createdAt) {
    static SubscriptionView of(Subscription s) {
      return new SubscriptionView(s.id(), s.dataset(), s.startFrom(), s.createdAt());
    }
  }

  /** A page of subscriptions, {@code {items, nextCursor}} like every list of the API. */
  public record Page(List<SubscriptionView> items, String nextCursor) {}

  public void delete(Caller caller, CallContext call, UUID id) {
    audited(
        caller,
        call,
        AuditAction.SUBSCRIPTION_DELETED,
        null,
        id,
        () -> {
          Subscription s = owned(caller, id);
          subscriptions.delete(s.id());
          reader.forget(s);
          return null;
        });
  }

  /**
   * A fetched page before it is written out, in whatever format the caller asked for: the records,
   * the schema version each was written with (resolved before anything is written, so rendering
   * cannot fail half-way), the fields the caller may see, and the cursor after the page.
   */
  public record RecordPage(
      List<TopicReader.Delivered> records,
      List<CatalogView.SchemaVersion> writers,
      int[] versions,
      List<String> granted,
      String cursor) {}

  /** A page as JSON records: the shape of {@code GET …/records} as {@code application/json}. */
  public Fetch fetch(
      Caller caller, CallContext call, UUID id, Integer max, Integer waitMs, String cursor) {
    RecordPage page = page(caller, call, id, max, waitMs, cursor);
    List<DeliveredRecord> out = new ArrayList<>(page.records().size());
    for (int i = 0; i < page.records().size(); i++) {
      out.add(
          deliver(
              page.records().get(i), page.writers().get(i), page.versions()[i], page.granted()));
    }
    return new Fetch(out, page.cursor());
  }

  /**
   * Up to {@code max} records after {@code cursor} (or the committed position), waiting up to
   * {@code waitMs} for the first; checked, audited and ready to be written.
   */
  public RecordPage page(
      Caller caller, CallContext call, UUID id, Integer max, Integer waitMs, String cursor) {
    int count = max == null ? DEFAULT_RECORDS : max;
    int wait = waitMs == null ? 0 : waitMs;
    long[] delivered = {0};
    return audited(
        caller,
        call,
        AuditAction.RECORDS_FETCHED,
        null,
        id,
        () -> {
          if (count < 1 || count > MAX_RECORDS) {
            throw Refusal.invalid("max must be between 1 and " + MAX_RECORDS + ".");
          }
          if (wait < 0 || wait > MAX_WAIT_MS) {
            throw Refusal.invalid("waitMs must be between 0 and " + MAX_WAIT_MS + ".");
          }
          Subscription s = owned(caller, id);
          requireLiveGrant(s.dataset(), s.ownerDepartment());
          String topic = DataTopics.forDataset(s.dataset());
          Cursor from = cursor == null ? reader.committed(s, topic) : Cursor.parse(cursor);
          List<TopicReader.Delivered> records =
              reader.fetchFrom(s, topic, from, count, Duration.ofMillis(wait));
          var delivery = tracing.start(topic, records, call.requestId());
          try {
            RecordPage page = resolve(s, from, records);
            delivered[0] = records.size();
            meters.delivered(s.dataset(), records.size(), valueBytes(records));
            return page;
          } catch (RuntimeException e) {
            delivery.error(e);
            throw e;
          } finally {
            delivery.stop();
          }
        },
        delivered);
  }

  /** The page of {@code records}: checked against the grant again, each record's writer found. */
  private RecordPage resolve(Subscription s, Cursor from, List<TopicReader.Delivered> records) {
    // The wait may have outlived the grant: check again, and use its fields as they are now.
    CatalogView.GrantView current = requireLiveGrant(s.dataset(), s.ownerDepartment());
    List<CatalogView.SchemaVersion> writers = new ArrayList<>(records.size());
    int[] versions = new int[records.size()];
    CatalogView.SchemaVersion last = null;
    boolean twinned = false;
    for (int i = 0; i < records.size(); i++) {
      TopicReader.Delivered d = records.get(i);
      if (d.record().value() == null) {
        writers.add(null); // a tombstone: no value, no writer
        versions[i] = tombstoneVersion(d);
        continue;
      }
      long fingerprint = fingerprint(d);
      // Records of a page nearly always share their writer: look it up only when it changes.
      if (last == null || last.fingerprint() != fingerprint) {
        last = writer(s.dataset(), fingerprint);
        twinned = view.twinned(s.dataset(), fingerprint);
      }
      writers.add(last);
      // The version header is read only when the fingerprint cannot tell (two versions of
      // the dataset with the same schema): decoding header names costs more than the value.
      versions[i] = twinned ? schemaVersion(d, last) : last.version();
    }
    return new RecordPage(
        records,
        writers,
        versions,
        current.fields(),
        (records.isEmpty() ? from : records.getLast().after()).token());
  }

  public void commit(Caller caller, CallContext call, UUID id, String cursor) {
    audited(
        caller,
        call,
        AuditAction.OFFSETS_COMMITTED,
        null,
        id,
        () -> {
          Subscription s = owned(caller, id);
          if (cursor == null) {
            throw Refusal.invalid("cursor is required.");
          }
          Cursor position = Cursor.parse(cursor);
          String topic = DataTopics.forDataset(s.dataset());
          reader.validate(s, topic, position);
          reader.commit(s, topic, position);
          return null;
        });
  }

  public String seek(Caller caller, CallContext call, UUID id, String to) {
    return audited(
        caller,
        call,
        AuditAction.SUBSCRIPTION_SEEK,
        null,
        id,
        () -> {
          Subscription s = owned(caller, id);
          if (to == null || to.isBlank()) {
            throw Refusal.invalid(
                "to is required: earliest, latest, an ISO-8601 instant or a cursor.");
          }
          String topic = DataTopics.forDataset(s.dataset());
          Cursor position;
          if (to.equals("earliest") || to.equals("latest") || looksLikeInstant(to)) {
            validatePosition(to);
            position = reader.resolve(s, topic, to);
          } else {
            position = Cursor.parse(to);
            reader.validate(s, topic, position);
          }
          reader.commit(s, topic, position);
          return position.token();
        });
  }

  /** The subscription, if {@code caller} owns it; 404 otherwise (another client's is private). */
  public Subscription owned(Caller caller, UUID id) {
    requireSystem(caller);
    return subscriptions
        .find(id)
        .filter(s -> s.ownerClient().equals(caller.actor()))
        .orElseThrow(() -> Refusal.notFound("Subscription " + id));
  }

  /** The live grant of {@code department} for {@code dataset}; 403 once revoked or expired. */
  public CatalogView.GrantView requireLiveGrant(String dataset, String department) {
    requireViewReady();
    return view.liveGrant(dataset, department, clock.instant())
        .orElseThrow(
            () ->
                new Refusal(
                    Refusal.Kind.FORBIDDEN,
                    "not-granted",
                    department
                        + " holds no live grant for "
                        + dataset
                        + " (never granted, revoked or expired)."));
  }

  /** Turns a stored record into what the consumer may see; a tombstone has a null value. */
  public DeliveredRecord deliver(TopicReader.Delivered d, List<String> granted) {
    if (d.record().value() == null) {
      return deliver(d, null, tombstoneVersion(d), granted);
    }
    CatalogView.SchemaVersion writer = writer(d);
    return deliver(d, writer, schemaVersion(d, writer), granted);
  }

  private DeliveredRecord deliver(
      TopicReader.Delivered d,
      CatalogView.SchemaVersion writer,
      int version,
      List<String> granted) {
    if (writer == null) {
      return new DeliveredRecord(
          d.record().key(),
          null,
          d.record().partition(),
          d.record().offset(),
          Instant.ofEpochMilli(d.record().timestamp()),
          version);
    }
    GenericRecord record;
    try {
      record = codec.decode(writer.schema(), d.record().value());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("undecodable record at offset " + d.record().offset(), e);
    }
    return new DeliveredRecord(
        d.record().key(),
        AvroToJson.project(record, granted),
        d.record().partition(),
        d.record().offset(),
        Instant.ofEpochMilli(d.record().timestamp()),
        version);
  }

  /** Bytes of the stored record values, for the traffic metrics. */
  static long valueBytes(List<TopicReader.Delivered> records) {
    long bytes = 0;
    for (int i = 0; i < records.size(); i++) {
      bytes += Math.max(0, records.get(i).record().serializedValueSize());
    }
    return bytes;
  }

  /** The schema version a record was written with: its header, else the writer's number. */
  static int schemaVersion(TopicReader.Delivered d, CatalogView.SchemaVersion writer) {
    Header header = d.record().headers().lastHeader(DataRecords.HEADER_SCHEMA_VERSION);
    Integer version = header == null ? null : DataRecords.number(header.value());
    return version == null ? writer.version() : version;
  }

  /** A tombstone's schema version: the one current when it was published (0 if unknown). */
  private static int tombstoneVersion(TopicReader.Delivered d) {
    Header header = d.record().headers().lastHeader(DataRecords.HEADER_SCHEMA_VERSION);
    Integer version = header == null ? null : DataRecords.number(header.value());
    return version == null ? 0 : version;
  }

  private static long fingerprint(TopicReader.Delivered d) {
    return DataRecords.fingerprint(d.record().value())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "record at offset " + d.record().offset() + " is not single-object encoded"));
  }

  /** The version of {@code dataset} with this schema; 503 while it has not reached the exchange. */
  private CatalogView.SchemaVersion writer(String dataset, long fingerprint) {
    return view.writer(dataset, fingerprint).orElseThrow(SubscriptionService::schemaUnknown);
  }

  /** 503: a record's schema has not reached the exchange's catalogue view yet. */
  public static Refusal schemaUnknown() {
    return new Refusal(
        Refusal.Kind.UNAVAILABLE,
        "schema-unknown",
        "A record's schema has not reached the exchange yet; retry shortly.");
  }

  /** The registered schema that wrote {@code d}; 503 while it has not reached the exchange. */
  CatalogView.SchemaVersion writer(TopicReader.Delivered d) {
    return view.schemaByFingerprint(fingerprint(d)).orElseThrow(SubscriptionService::schemaUnknown);
  }

  TopicReader reader() {
    return reader;
  }

  /** Until the view has replayed, grants only look absent: say so instead of refusing. */
  void requireViewReady() {
    if (!view.replayed()) {
      throw new Refusal(
          Refusal.Kind.UNAVAILABLE,
          "catalog-view-not-ready",
          "The exchange is still loading the catalogue; retry shortly.");
    }
  }

  /** True while the subscription exists (not deleted). */
  boolean exists(UUID id) {
    return subscriptions.find(id).isPresent();
  }

  private static void requireSystem(Caller caller) {
    if (!caller.has(HutongRole.DEPARTMENT_SYSTEM)) {
      throw Refusal.forbidden("Only department systems subscribe to datasets.");
    }
  }

  private static boolean looksLikeInstant(String value) {
    return value.length() > 10 && Character.isDigit(value.charAt(0)) && value.contains("T");
  }

  private static void validatePosition(String from) {
    if (from.equals("earliest") || from.equals("latest")) {
      return;
    }
    Instant instant;
    try {
      instant = Instant.parse(from);
    } catch (DateTimeParseException e) {
      throw Refusal.invalid("The position must be earliest, latest or an ISO-8601 instant.");
    }
    if (!JsonInputGuard.inRange(instant)) {
      throw Refusal.invalid("An instant must lie in years 0001 to 9999.");
    }
  }

  private <T> T audited(
      Caller caller,
      CallContext call,
      AuditAction action,
      String dataset,
      UUID id,
      java.util.function.Supplier<T> work) {
    return audited(caller, call, action, dataset, id, work, null);
  }

  /** Runs {@code work} and records its outcome; {@code count} (if given) is the records moved. */
  private <T> T audited(
      Caller caller,
      CallContext call,
      AuditAction action,
      String dataset,
      UUID id,
      java.util.function.Supplier<T> work,
      long[] count) {
    String resource = id == null ? null : "subscription:" + id;
    String subject =
        dataset != null
            ? dataset
            : id == null ? null : subscriptions.find(id).map(Subscription::dataset).orElse(null);
    try {
      T result = work.get();
      audit.send(
          audit.event(
              call,
              action,
              Outcome.ALLOWED,
              subject,
              resource,
              count == null ? null : count[0],
              null));
      return result;
    } catch (Refusal refusal) {
      audit.send(
          audit.event(call, action, Outcome.DENIED, subject, resource, null, refusal.detail()));
      throw refusal;
    } catch (RuntimeException e) {
      audit.send(
          audit.event(
              call, action, Outcome.FAILED, subject, resource, null, e.getClass().getSimpleName()));
      throw e;
    }
  }
}
