package io.hutong.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.schemas.audit.AuditEvent;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.catalog.CatalogEvent;
import io.hutong.schemas.catalog.DatasetPublished;
import io.hutong.schemas.catalog.DatasetState;
import io.hutong.schemas.catalog.DatasetStatus;
import io.hutong.schemas.catalog.GrantIssued;
import io.hutong.schemas.catalog.GrantRevoked;
import io.hutong.schemas.catalog.SchemaVersionAdded;
import io.hutong.schemas.catalog.SharingType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.message.MissingSchemaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaContractTest {

  static Stream<Schema> currentSchemas() {
    return Stream.of(
        AuditEvent.getClassSchema(),
        CatalogEvent.getClassSchema(),
        DatasetPublished.getClassSchema(),
        SchemaVersionAdded.getClassSchema(),
        GrantIssued.getClassSchema(),
        GrantRevoked.getClassSchema());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("historyNames")
  void everyReleasedVersionStaysFullyCompatible(String name) throws IOException {
    Schema released = parseHistory("v1", name);
    Schema current =
        currentSchemas().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    // New readers read old data, and old readers read new data: the contract may only grow by
    // adding fields with defaults (and union branches at the end).
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released).getType())
        .as("current %s reads data written with v1", name)
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    assertThat(
            SchemaCompatibility.checkReaderWriterCompatibility(
                    released, knownBranchesOnly(current, released))
                .getType())
        .as("v1 readers of %s read data written now", name)
        .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  /**
   * {@code current} with its envelope's payload union cut down to the branches {@code released}
   * knows, after checking that new branches were only appended: a reader cannot decode a payload
   * type newer than itself (the exchange's view skips such events), but must read every payload it
   * knows as written now.
   */
  private static Schema knownBranchesOnly(Schema current, Schema released) {
    Schema.Field payload = current.getField("payload");
    if (payload == null) {
      return current;
    }
    List<Schema> now = payload.schema().getTypes();
    List<Schema> then = released.getField("payload").schema().getTypes();
    assertThat(now.subList(0, then.size()).stream().map(Schema::getFullName).toList())
        .as("payload types are only appended")
        .isEqualTo(then.stream().map(Schema::getFullName).toList());
    List<Schema.Field> fields =
        current.getFields().stream()
            .map(
                f ->
                    new Schema.Field(
                        f.name(),
                        f == payload ? Schema.createUnion(now.subList(0, then.size())) : f.schema(),
                        f.doc(),
                        f.defaultVal()))
            .toList();
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  static Stream<String> historyNames() {
    return Stream.of(
        "AuditEvent",
        "CatalogEvent",
        "DatasetPublished",
        "SchemaVersionAdded",
        "GrantIssued",
        "GrantRevoked");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemas")
  void everyOptionalFieldDefaultsToNull(Schema schema) {
    for (Schema.Field field : schema.getFields()) {
      if (field.schema().isNullable() && field.schema().isUnion()) {
        assertThat(field.schema().getTypes().getFirst().getType())
            .as("%s.%s puts null first", schema.getName(), field.name())
            .isEqualTo(Schema.Type.NULL);
        assertThat(field.hasDefaultValue())
            .as("%s.%s has a default", schema.getName(), field.name())
            .isTrue();
      }
    }
  }

  @Test
  void removingAFieldWithoutDefaultIsCaughtAsIncompatible() {
    // Guards the guard: the compatibility check above really does refuse a breaking change.
    Schema released = AuditEvent.getClassSchema();
    Schema broken =
        new Schema.Parser()
            .parse(released.toString().replace("\"name\":\"service\"", "\"name\":\"emitter\""));
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(broken, released).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  @Test
  void auditEventRoundTripsThroughSingleObjectEncoding() throws IOException {
    AuditEvent event =
        AuditEvent.newBuilder()
            .setId(UUID.randomUUID())
            .setTime(Instant.now().truncatedTo(ChronoUnit.MICROS))
            .setService("catalog-service")
            .setActor("civil-affairs-admin")
            .setDepartment("civil-affairs")
            .setRoles(List.of("data-admin"))
            .setAction("DATASET_REGISTERED")
            .setDataset("civil-affairs.marriage-registrations")
            .setResource("/api/catalog/v1/datasets")
            .setOutcome(Outcome.ALLOWED)
            .setRecordCount(null)
            .setRequestId("req-1")
            .setSourceAddress("127.0.0.1")
            .setReason(null)
            .build();

    ByteBuffer bytes = event.toByteBuffer();

    // Single-object encoding: magic C3 01, then the 8-byte schema fingerprint.
    assertThat(bytes.get(0)).isEqualTo((byte) 0xC3);
    assertThat(bytes.get(1)).isEqualTo((byte) 0x01);
    assertThat(AuditEvent.fromByteBuffer(bytes)).isEqualTo(event);
  }

  @Test
  void catalogEventCarriesFullDatasetState() throws IOException {
    DatasetState state =
        DatasetState.newBuilder()
            .setCode("civil-affairs.marriage-registrations")
            .setProvider("civil-affairs")
            .setName("婚姻登记信息")
            .setSharingType(SharingType.CONDITIONAL)
            .setStatus(DatasetStatus.ACTIVE)
            .setCurrentSchemaVersion(1)
            .setCompatibility("BACKWARD")
            .setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
            .build();
    CatalogEvent event =
        CatalogEvent.newBuilder()
            .setEventId(UUID.randomUUID())
            .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
            .setActor("civil-affairs-admin")
            .setPayload(DatasetPublished.newBuilder().setDataset(state).build())
            .build();

    CatalogEvent decoded = CatalogEvent.fromByteBuffer(event.toByteBuffer());

    assertThat(decoded.getPayload()).isInstanceOf(DatasetPublished.class);
    assertThat(((DatasetPublished) decoded.getPayload()).getDataset().getName())
        .isEqualTo("婚姻登记信息");
  }

  @Test
  void decodingBytesOfAnotherSchemaFailsLoudly() throws IOException {
    GrantRevoked revoked =
        GrantRevoked.newBuilder()
            .setGrantId(UUID.randomUUID())
            .setDataset("civil-affairs.marriage-registrations")
            .setConsumer("public-security")
            .setReason("purpose fulfilled")
            .setRevokedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
            .build();
    ByteBuffer bytes = revoked.toByteBuffer();

    assertThatThrownBy(() -> AuditEvent.fromByteBuffer(bytes))
        .isInstanceOf(MissingSchemaException.class);
  }

  private static Schema parseHistory(String version, String name) throws IOException {
    Schema.Parser parser = new Schema.Parser();
    // Referenced records first, as the build does.
    for (String dependency :
        List.of(
            "DatasetState",
            "DatasetPublished",
            "DatasetUpdated",
            "DatasetRetired",
            "SchemaVersionAdded",
            "GrantIssued",
            "GrantRevoked")) {
      if (dependency.equals(name)) {
        break;
      }
      try (InputStream in = resource(version, dependency)) {
        parser.parse(in);
      }
    }
    try (InputStream in = resource(version, name)) {
      return parser.parse(in);
    }
  }

  private static InputStream resource(String version, String name) {
    InputStream in =
        SchemaContractTest.class.getResourceAsStream(
            "/avro-history/" + version + "/" + name + ".avsc");
    if (in == null) {
      throw new IllegalStateException("missing history schema " + version + "/" + name);
    }
    return in;
  }
}
