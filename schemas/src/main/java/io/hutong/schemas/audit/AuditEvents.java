package io.hutong.schemas.audit;

import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Builds and encodes {@link AuditEvent}s the same way in every service and in the gateway: user
 * input is bounded ({@link AuditLimits}), the caller's identity is copied from the token claims,
 * and the wire form is Avro single-object encoding. Framework-free, so the reactive gateway and the
 * servlet services share it.
 */
public final class AuditEvents {

  private static final org.apache.avro.message.BinaryMessageDecoder<AuditEvent> DECODER =
      io.hutong.schemas.history.EarlierSchemas.decoder(
          AuditEvent.getClassSchema(), "AuditEvent-1.avsc");

  private AuditEvents() {}

  /**
   * The event in {@code bytes}, written by this or any earlier version of the schema (events from
   * before keys/fields/result existed read with those empty).
   */
  public static AuditEvent decode(ByteBuffer bytes) throws IOException {
    return DECODER.decode(bytes);
  }

  /** A new event by {@code service} at {@code time} (microsecond precision, as stored). */
  public static Builder by(String service, Instant time) {
    return new Builder(service, time);
  }

  /** The event in Avro single-object encoding, as it travels on {@link AuditTopics#EVENTS}. */
  public static byte[] encode(AuditEvent event) {
    try {
      ByteBuffer buffer = event.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode audit event " + event.getId(), e);
    }
  }

  /** Fluent builder that applies the bounds; unset fields are null. */
  public static final class Builder {
    private final AuditEvent.Builder event;

    private Builder(String service, Instant time) {
      this.event =
          AuditEvent.newBuilder()
              .setId(UUID.randomUUID())
              .setTime(time.truncatedTo(ChronoUnit.MICROS))
              .setService(service)
              .setActor(null)
              .setDepartment(null)
              .setRoles(List.of())
              .setDataset(null)
              .setResource(null)
              .setRecordCount(null)
              .setRequestId(null)
              .setSourceAddress(null)
              .setReason(null)
              .setKeys(List.of())
              .setFields(List.of())
              .setResult(null);
    }

    /** Who acted; {@code null} for an unauthenticated call. */
    public Builder caller(Caller caller) {
      if (caller != null) {
        event
            .setActor(AuditLimits.bound(caller.actor(), AuditLimits.NAME))
            .setDepartment(AuditLimits.bound(caller.department(), AuditLimits.NAME))
            .setRoles(caller.roles().stream().map(HutongRole::claimValue).sorted().toList());
      }
      return this;
    }

    /** The service itself acting (a grant expiring, a flood counted). */
    public Builder actor(String actor) {
      event.setActor(AuditLimits.bound(actor, AuditLimits.NAME));
      return this;
    }

    public Builder action(AuditAction action, Outcome outcome) {
      event.setAction(action.name()).setOutcome(outcome);
      return this;
    }

    /** The dataset code, kept only if it is grammar-valid. */
    public Builder dataset(String dataset) {
      event.setDataset(AuditLimits.datasetOrNull(dataset));
      return this;
    }

    public Builder resource(String resource) {
      event.setResource(AuditLimits.bound(resource, AuditLimits.RESOURCE));
      return this;
    }

    public Builder recordCount(Long count) {
      event.setRecordCount(count);
      return this;
    }

    /** The request id, kept only if it has the agreed grammar. */
    public Builder requestId(String requestId) {
      event.setRequestId(AuditLimits.requestIdOrNull(requestId));
      return this;
    }

    public Builder sourceAddress(String address) {
      event.setSourceAddress(AuditLimits.bound(address, AuditLimits.NAME));
      return this;
    }

    public Builder reason(String reason) {
      event.setReason(AuditLimits.bound(reason, AuditLimits.REASON));
      return this;
    }

    /** The record keys asked for, at most {@link AuditLimits#KEYS}, each bounded. */
    public Builder keys(List<String> keys) {
      event.setKeys(
          keys.stream()
              .limit(AuditLimits.KEYS)
              .map(k -> AuditLimits.bound(k, AuditLimits.NAME))
              .toList());
      return this;
    }

    /** The fields disclosed or compared. */
    public Builder fields(List<String> fields) {
      event.setFields(
          fields.stream()
              .limit(AuditLimits.KEYS)
              .map(f -> AuditLimits.bound(f, AuditLimits.NAME))
              .toList());
      return this;
    }

    /** What the caller learned (keys found or missing, fields matched or not). */
    public Builder result(String result) {
      event.setResult(AuditLimits.bound(result, AuditLimits.REASON));
      return this;
    }

    public AuditEvent build() {
      return event.build();
    }
  }
}
