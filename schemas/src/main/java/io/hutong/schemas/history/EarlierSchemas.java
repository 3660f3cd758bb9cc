package io.hutong.schemas.history;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;

/**
 * The writer schemas of messages that may still be on a topic after a record type gained fields:
 * Avro single-object decoding finds a writer schema by its fingerprint, so a reader must know every
 * earlier version, not only its own. Each earlier version is kept, complete, as a resource beside
 * this class ({@code <Type>-<n>.avsc}); records resolve to the current class, new fields taking
 * their defaults.
 */
public final class EarlierSchemas {

  private EarlierSchemas() {}

  /** A decoder into {@code current}'s class that also knows the {@code earlier} resources. */
  public static <T> BinaryMessageDecoder<T> decoder(Schema current, String... earlier) {
    BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(SpecificData.get(), current);
    for (String name : earlier) {
      decoder.addSchema(load(name));
    }
    return decoder;
  }

  static Schema load(String name) {
    try (InputStream in = EarlierSchemas.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("earlier schema " + name + " is not on the class path");
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
