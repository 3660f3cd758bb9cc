package io.hutong.exchange.subscribe;

import io.hutong.exchange.avro.ByteSink;
import io.hutong.exchange.view.CatalogView;
import io.hutong.schemas.data.AvroBatches;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a fetched page as it goes out, record by record, in the format the caller asked for — a
 * JSON page, NDJSON (one record per line) or an Avro object container — straight from the bytes
 * Kafka returned: neither a page of objects nor a page of text is built in memory.
 */
@Component
class PageWriter {

  /** Media type of newline-delimited JSON. */
  static final String NDJSON_VALUE = "application/x-ndjson";

  /** The formats a page can be written in. */
  enum Format {
    JSON(MediaType.APPLICATION_JSON_VALUE),
    NDJSON(NDJSON_VALUE),
    AVRO(AvroBatches.CONTENT_TYPE);

    final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    /**
     * The format an {@code Accept} header prefers (by quality, then order); JSON when it names none
     * of them specifically (absent, {@code *}{@code /*}, {@code application/*}).
     */
    static Format preferred(String accept) {
      if (accept == null || accept.isBlank()) {
        return JSON;
      }
      List<MediaType> types;
      try {
        types = new java.util.ArrayList<>(MediaType.parseMediaTypes(accept));
      } catch (org.springframework.util.InvalidMimeTypeException e) {
        return JSON;
      }
      types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
      for (MediaType type : types) {
        for (Format format : values()) {
          if (!type.isWildcardType()
              && !type.isWildcardSubtype()
              && type.isCompatibleWith(MediaType.parseMediaType(format.contentType))) {
            return format;
          }
        }
      }
      return JSON;
    }
  }

  private final JsonMapper json;
  private final Renditions renditions;

  PageWriter(JsonMapper json, Renditions renditions) {
    this.json = json;
    this.renditions = renditions;
  }

  void write(SubscriptionService.RecordPage page, Format format, OutputStream out)
      throws IOException {
    switch (format) {
      case JSON -> json(page, out);
      case NDJSON -> ndjson(page, out);
      case AVRO -> avro(page, out);
    }
  }

  /**
   * {@code {"records": [...], "cursor": "..."}}, the shape of {@link SubscriptionService.Fetch}.
   */
  private void json(SubscriptionService.RecordPage page, OutputStream out) {
    try (JsonGenerator gen = json.createGenerator(out)) {
      gen.writeStartObject();
      gen.writeName("records");
      gen.writeStartArray();
      Timestamps timestamps = new Timestamps();
      Memo memo = new Memo();
      for (int i = 0; i < page.records().size(); i++) {
        record(page, i, gen, timestamps, memo);
      }
      gen.writeEndArray();
      gen.writeStringProperty("cursor", page.cursor());
      gen.writeEndObject();
    }
  }

  /** One record per line, each as in a JSON page; the cursor travels in a header. */
  private void ndjson(SubscriptionService.RecordPage page, OutputStream out) {
    try (JsonGenerator gen = json.createGenerator(out)) {
      Timestamps timestamps = new Timestamps();
      Memo memo = new Memo();
      for (int i = 0; i < page.records().size(); i++) {
        record(page, i, gen, timestamps, memo);
        gen.writeRaw('\n');
      }
    }
  }

  /** Records of a page nearly always share their writer: its rendition is looked up once. */
  private final class Memo {
    private CatalogView.SchemaVersion writer;
    private Renditions.Rendition rendition;

    Renditions.Rendition of(CatalogView.SchemaVersion writer, List<String> granted) {
      if (writer != this.writer) {
        this.writer = writer;
        this.rendition = renditions.of(writer.fingerprint(), writer.schema(), granted);
      }
      return rendition;
    }
  }

  /** Records of one batch share their timestamp: its text is formatted once. */
  private static final class Timestamps {
    private long last = Long.MIN_VALUE;
    private String text;

    String text(long millis) {
      if (millis != last) {
        last = millis;
        text = Instant.ofEpochMilli(millis).toString();
      }
      return text;
    }
  }

  private void record(
      SubscriptionService.RecordPage page,
      int i,
      JsonGenerator gen,
      Timestamps timestamps,
      Memo memo) {
    TopicReader.Delivered d = page.records().get(i);
    ConsumerRecord<String, byte[]> record = d.record();
    CatalogView.SchemaVersion writer = page.writers().get(i);
    gen.writeStartObject();
    gen.writeStringProperty("key", record.key());
    gen.writeName("value");
    if (writer == null) {
      gen.writeNull(); // a tombstone
    } else {
      memo.of(writer, page.granted()).json().write(record.value(), Renditions.HEADER_LENGTH, gen);
    }
    gen.writeNumberProperty("partition", record.partition());
    gen.writeNumberProperty("offset", record.offset());
    gen.writeStringProperty("timestamp", timestamps.text(record.timestamp()));
    gen.writeNumberProperty("schemaVersion", page.versions()[i]);
    gen.writeEndObject();
  }

  /**
   * An Avro object container of {@link AvroBatches#DELIVERED} envelopes; each value holds the
   * granted fields in single-object encoding, and the container's metadata maps each fingerprint to
   * its schema ({@link AvroBatches#META_SCHEMAS}) and carries the cursor.
   */
  private void avro(SubscriptionService.RecordPage page, OutputStream out) throws IOException {
    List<Renditions.Rendition> used = new java.util.ArrayList<>(page.records().size());
    Map<String, Object> schemas = new LinkedHashMap<>();
    Memo memo = new Memo();
    for (CatalogView.SchemaVersion writer : page.writers()) {
      if (writer == null) {
        used.add(null); // a tombstone: an empty value
        continue;
      }
      Renditions.Rendition rendition = memo.of(writer, page.granted());
      used.add(rendition);
      schemas.computeIfAbsent(
          AvroBatches.fingerprintText(rendition.fingerprint()),
          f -> json.readTree(rendition.projection().projected().toString()));
    }
    try (DataFileWriter<Object> file = new DataFileWriter<>(new GenericDatumWriter<>())) {
      file.setMeta(AvroBatches.META_SCHEMAS, json.writeValueAsString(schemas));
      file.setMeta(AvroBatches.META_CURSOR, page.cursor());
      file.create(AvroBatches.DELIVERED, out);
      ByteSink envelope = new ByteSink(1024);
      ByteSink value = new ByteSink(1024);
      byte[] scratch = new byte[10];
      for (int i = 0; i < page.records().size(); i++) {
        ConsumerRecord<String, byte[]> record = page.records().get(i).record();
        envelope.reset();
        value.reset();
        if (used.get(i) != null) {
          used.get(i).copy(record.value(), value);
        }
        if (record.key() == null) {
          varint(envelope, scratch, 0);
        } else {
          varint(envelope, scratch, 1);
          bytes(envelope, scratch, record.key().getBytes(StandardCharsets.UTF_8));
        }
        varint(envelope, scratch, record.partition());
        varint(envelope, scratch, record.offset());
        varint(envelope, scratch, record.timestamp());
        varint(envelope, scratch, page.versions()[i]);
        varint(envelope, scratch, value.length());
        envelope.write(value.array(), 0, value.length());
        file.appendEncoded(ByteBuffer.wrap(envelope.array(), 0, envelope.length()));
      }
    }
  }

  private static void varint(ByteSink sink, byte[] scratch, long n) {
    sink.write(scratch, 0, BinaryData.encodeLong(n, scratch, 0));
  }

  private static void bytes(ByteSink sink, byte[] scratch, byte[] bytes) {
    varint(sink, scratch, bytes.length);
    sink.write(bytes, 0, bytes.length);
  }
}
