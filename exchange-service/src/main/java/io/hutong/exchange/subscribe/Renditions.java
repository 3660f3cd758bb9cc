package io.hutong.exchange.subscribe;

import io.hutong.exchange.avro.JsonWriter;
import io.hutong.exchange.avro.Projection;
import io.hutong.schemas.data.DataRecords;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.springframework.stereotype.Component;

/**
 * How records written with one schema version leave the exchange for one grant, built once and
 * reused for every record: the JSON writer of the granted fields, and the byte-copying projection
 * with the single-object header of the projected schema. Pages are written straight from the bytes
 * Kafka returned, without decoding a record into objects.
 */
@Component
class Renditions {

  /** Distinct (schema, grant) pairs are few; the cache is dropped if that ever stops being so. */
  private static final int MAX_ENTRIES = 10_000;

  private final Map<Key, Rendition> cache = new ConcurrentHashMap<>();

  private record Key(long fingerprint, List<String> granted) {}

  /** The writers of one (schema version, grant) pair. */
  record Rendition(JsonWriter json, Projection projection, long fingerprint, byte[] header) {

    /**
     * The granted fields of a stored value (single-object encoded) as a datum of {@link
     * #projection}.
     */
    int copy(byte[] value, io.hutong.exchange.avro.ByteSink sink) {
      sink.write(header, 0, header.length);
      if (projection.identity()) {
        sink.write(value, HEADER_LENGTH, value.length - HEADER_LENGTH);
        return value.length;
      }
      return projection.copy(value, HEADER_LENGTH, sink);
    }
  }

  /** Marker and fingerprint in front of every single-object encoded value. */
  static final int HEADER_LENGTH = 10;

  Rendition of(long fingerprint, Schema writer, List<String> granted) {
    Key key = new Key(fingerprint, List.copyOf(granted));
    Rendition found = cache.get(key);
    if (found != null) {
      return found;
    }
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    return cache.computeIfAbsent(key, k -> build(writer, k.granted()));
  }

  private static Rendition build(Schema writer, List<String> granted) {
    Projection projection = new Projection(writer, granted);
    long fingerprint = DataRecords.fingerprint(projection.projected());
    byte[] header = DataRecords.header(fingerprint);
    return new Rendition(new JsonWriter(writer, granted), projection, fingerprint, header);
  }
}
