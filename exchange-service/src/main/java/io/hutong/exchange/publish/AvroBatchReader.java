package io.hutong.exchange.publish;

import io.hutong.exchange.avro.AvroBinary;
import io.hutong.exchange.avro.Validator;
import io.hutong.exchange.config.ExchangeProperties;
import io.hutong.exchange.view.CatalogView;
import io.hutong.schemas.data.AvroBatches;
import io.hutong.schemas.data.DataRecords;
import io.hutong.schemas.identity.Caller;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import io.hutong.service.web.JsonInputGuard;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a batch published in Avro ({@link AvroBatches#PUBLISHED} envelopes in an object container)
 * into records ready to write, checking each value without decoding it into objects: single-object
 * encoded with a registered schema version of the dataset, a complete datum of that schema with
 * nothing after it, text Unicode without control characters. The bytes that were checked are the
 * bytes written.
 */
final class AvroBatchReader {

  private final PublishService publishing;
  private final CatalogView view;
  private final ExchangeProperties.Publish limits;
  private final Map<Long, Validator> validators = new ConcurrentHashMap<>();

  AvroBatchReader(PublishService publishing, CatalogView view, ExchangeProperties.Publish limits) {
    this.publishing = publishing;
    this.view = view;
    this.limits = limits;
  }

  PublishService.Batch prepare(Caller caller, CallContext call, String code, byte[] body) {
    PublishService.Target target = publishing.target(caller, code);
    List<JsonToAvro.FieldError> errors = new ArrayList<>();
    List<RecordWriter.Outgoing> outgoing = new ArrayList<>();
    String requestId = call.requestId();
    try (DataFileStream<GenericRecord> file =
        new DataFileStream<>(
            new ByteArrayInputStream(body),
            new GenericDatumReader<>(null, AvroBatches.PUBLISHED))) {
      String codec = file.getMetaString("avro.codec");
      if (codec != null && !codec.equals("null")) {
        // A compressed block is inflated in memory before it can be checked: a few kilobytes on
        // the wire could become gigabytes. HTTP compression is the place for compression.
        throw Refusal.malformed(
            "Only uncompressed Avro containers (codec null) are accepted; this one uses "
                + codec
                + ".");
      }
      GenericRecord envelope = null;
      int i = 0;
      while (file.hasNext()) {
        if (i >= limits.maxRecords()) {
          throw publishing.tooMany(i + 1);
        }
        envelope = file.next(envelope);
        RecordWriter.Outgoing record = record(code, envelope, i, caller, requestId, errors);
        if (record != null) {
          outgoing.add(record);
        }
        i++;
      }
      if (i == 0) {
        throw Refusal.invalid("The Avro container holds no records.");
      }
    } catch (IOException | AvroRuntimeException e) {
      throw Refusal.malformed(
          "The body is not an Avro object container of "
              + AvroBatches.PUBLISHED.getFullName()
              + " records: "
              + e.getMessage());
    }
    if (!errors.isEmpty()) {
      throw PublishService.invalid(errors);
    }
    return new PublishService.Batch(
        code, target.topic(), outgoing, publishing.allowed(call, code, outgoing.size()));
  }

  private RecordWriter.Outgoing record(
      String code,
      GenericRecord envelope,
      int index,
      Caller caller,
      String requestId,
      List<JsonToAvro.FieldError> errors) {
    int before = errors.size();
    Object keyField = envelope.get("key");
    String key = keyField == null ? null : keyField.toString();
    if (key != null && JsonInputGuard.isRefused(key)) {
      errors.add(
          new JsonToAvro.FieldError(
              index,
              "key",
              "must not contain NUL, other control characters or unpaired surrogates"));
    }
    Map<String, byte[]> headers = new LinkedHashMap<>();
    Object headerField = envelope.get("headers");
    if (headerField instanceof Map<?, ?> map) {
      map.forEach(
          (name, value) -> {
            String problem = PublishService.headerProblem(name.toString(), value.toString());
            if (problem != null) {
              errors.add(new JsonToAvro.FieldError(index, "headers." + name, problem));
            } else {
              headers.put(name.toString(), value.toString().getBytes(StandardCharsets.UTF_8));
            }
          });
    }
    ByteBuffer buffer = (ByteBuffer) envelope.get("value");
    byte[] value = new byte[buffer.remaining()];
    buffer.duplicate().get(value);
    if (value.length > limits.maxRecordSize().toBytes()) {
      throw publishing.tooBig(index, value.length);
    }
    CatalogView.SchemaVersion version = version(code, value, index, errors);
    if (version != null) {
      try {
        int end =
            validators
                .computeIfAbsent(version.fingerprint(), f -> new Validator(version.schema()))
                .validate(value, 10, value.length);
        if (end != value.length) {
          errors.add(
              new JsonToAvro.FieldError(
                  index, "(value)", (value.length - end) + " bytes follow the record"));
        }
      } catch (AvroBinary.Invalid invalid) {
        errors.add(new JsonToAvro.FieldError(index, invalid.field(), invalid.reason()));
      }
    }
    if (errors.size() != before) {
      return null;
    }
    return new RecordWriter.Outgoing(
        key, value, DataRecords.headers(headers, version.version(), caller.actor(), requestId));
  }

  private CatalogView.SchemaVersion version(
      String code, byte[] value, int index, List<JsonToAvro.FieldError> errors) {
    var fingerprint = DataRecords.fingerprint(value);
    if (fingerprint.isEmpty()) {
      errors.add(
          new JsonToAvro.FieldError(
              index,
              "(value)",
              "must be in Avro single-object encoding (C3 01, fingerprint, datum)"));
      return null;
    }
    var version = view.schemaOf(code, fingerprint.get());
    if (version.isEmpty()) {
      errors.add(
          new JsonToAvro.FieldError(
              index,
              "(value)",
              "is written with a schema that is not a registered version of "
                  + code
                  + " (fingerprint "
                  + AvroBatches.fingerprintText(fingerprint.get())
                  + ")"));
      return null;
    }
    return version.get();
  }
}
