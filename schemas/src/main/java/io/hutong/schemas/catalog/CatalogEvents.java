package io.hutong.schemas.catalog;

import io.hutong.schemas.history.EarlierSchemas;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * Decodes {@link CatalogEvent}s written by any version of the catalogue: the current schema and
 * every earlier one (kept under {@code io/hutong/schemas/history}), so a reader rebuilding from a
 * compacted topic never meets a message it cannot read after the envelope gained a field.
 */
public final class CatalogEvents {

  private static final BinaryMessageDecoder<CatalogEvent> DECODER =
      EarlierSchemas.decoder(
          CatalogEvent.getClassSchema(), "CatalogEvent-1.avsc", "CatalogEvent-2.avsc");

  private CatalogEvents() {}

  /** The event in {@code bytes} (Avro single-object encoding, any known writer version). */
  public static CatalogEvent decode(ByteBuffer bytes) throws java.io.IOException {
    return DECODER.decode(bytes);
  }
}
