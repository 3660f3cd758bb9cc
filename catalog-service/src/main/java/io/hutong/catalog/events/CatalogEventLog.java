package io.hutong.catalog.events;

import io.hutong.catalog.rules.Times;
import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.CatalogTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Appends {@link CatalogEvent}s for {@code hutong.catalog.events} to the outbox, inside the
 * transaction of the change. Callers choose the key ({@link CatalogTopics#datasetKey} ...) so the
 * latest message per key is the current state after compaction.
 */
@Component
public class CatalogEventLog {

  private final Outbox outbox;
  private final Clock clock;

  CatalogEventLog(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Wraps {@code payload} (one of the CatalogEvent union's records) and appends it. */
  public void append(String key, Object payload, String actor) {
    CatalogEvent event =
        CatalogEvent.newBuilder()
            .setEventId(UUID.randomUUID())
            .setOccurredAt(Times.now(clock))
            .setActor(actor)
            .setPayload(payload)
            .build();
    try {
      ByteBuffer bytes = event.toByteBuffer();
      byte[] encoded = new byte[bytes.remaining()];
      bytes.get(encoded);
      outbox.append(CatalogTopics.EVENTS, key, encoded);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode catalogue event", e);
    }
  }
}
