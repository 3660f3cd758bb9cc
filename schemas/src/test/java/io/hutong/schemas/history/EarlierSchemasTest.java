package io.hutong.schemas.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.CatalogEvents;
import io.hutong.schemas.catalog.GrantIssued;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Messages written before a type gained fields still decode, the new fields at their defaults. */
class EarlierSchemasTest {

  @Test
  void anAuditEventOfVersionOneDecodesWithNoKeysFieldsOrResult() throws Exception {
    Schema v1 = EarlierSchemas.load("AuditEvent-1.avsc");
    GenericRecord old = new GenericData.Record(v1);
    UUID id = UUID.randomUUID();
    old.put("id", id.toString());
    old.put("time", Instant.parse("2026-01-02T03:04:05Z").toEpochMilli() * 1000);
    old.put("service", "exchange-service");
    old.put("roles", List.of());
    old.put("action", "RECORDS_FETCHED");
    old.put("outcome", new GenericData.EnumSymbol(v1.getField("outcome").schema(), "ALLOWED"));

    AuditEvent event = AuditEvents.decode(encode(v1, old));

    assertThat(event.getId()).isEqualTo(id);
    assertThat(event.getAction()).isEqualTo("RECORDS_FETCHED");
    assertThat(event.getKeys()).isEmpty();
    assertThat(event.getFields()).isEmpty();
    assertThat(event.getResult()).isNull();
  }

  @Test
  void aGrantIssuedOfVersionOneDecodesAsAReadGrantWithoutQuota() throws Exception {
    Schema v1 = EarlierSchemas.load("CatalogEvent-1.avsc");
    Schema grantSchema =
        v1.getField("payload").schema().getTypes().stream()
            .filter(s -> s.getName().equals("GrantIssued"))
            .findFirst()
            .orElseThrow();
    GenericRecord grant = new GenericData.Record(grantSchema);
    grant.put("grantId", UUID.randomUUID().toString());
    grant.put("dataset", "civil-affairs.marriages");
    grant.put("provider", "civil-affairs");
    grant.put("consumer", "public-security");
    grant.put("fields", List.of("certificateNo", "name"));
    grant.put("purpose", "counter checks");
    grant.put("validFrom", 1_000_000L);
    GenericRecord old = new GenericData.Record(v1);
    old.put("eventId", UUID.randomUUID().toString());
    old.put("occurredAt", 1_000_000L);
    old.put("payload", grant);

    CatalogEvent event = CatalogEvents.decode(encode(v1, old));

    GrantIssued issued = (GrantIssued) event.getPayload();
    assertThat(issued.getFields()).containsExactly("certificateNo", "name");
    assertThat(issued.getVerifyFields()).isEmpty();
    assertThat(issued.getLookupQuota()).isNull();
  }

  private static ByteBuffer encode(Schema schema, GenericRecord record) throws Exception {
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
  }
}
