package io.hutong.audit;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.audit.retention.RetentionJob;
import io.hutong.audit.verifier.Checkpoint;
import io.hutong.audit.verifier.OfflineVerifier;
import io.hutong.audit.verifier.Rfc9162;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.schemas.audit.AuditEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The log against real Kafka and PostgreSQL: ingest, proofs, tampering, retention, the verifier.
 */
class AuditLogIT extends AuditITBase {

  @Autowired RetentionJob retention;

  @Test
  void eachEventIsAppendedOnceEvenWhenDeliveredAgain() {
    String dataset = "civil-affairs." + UUID.randomUUID().toString().substring(0, 8);
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      events.add(event(dataset, "RECORDS_FETCHED", Instant.now()));
    }
    publish(events);
    publish(events.subList(0, 120)); // a producer retry / redelivery
    awaitIngested(events.stream().map(AuditEvent::getId).toList());
    sleep(1_000);

    assertThat(count("select count(*) from audit.audit_entry where dataset = '" + dataset + "'"))
        .isEqualTo(300);
    assertThat(count("select count(*) - count(distinct event_id) from audit.audit_entry")).isZero();
    assertThat(count("select max(leaf_index) + 1 - count(*) from audit.audit_entry"))
        .as("dense leaf indexes")
        .isZero();
  }

  @Test
  void theSignedRootEqualsAnIndependentComputationAndProofsVerify() throws Exception {
    List<AuditEvent> events =
        List.of(
            event("civil-affairs.a", "RECORDS_PUBLISHED", Instant.now()),
            event("civil-affairs.b", "RECORDS_FETCHED", Instant.now()));
    publish(events);
    awaitIngested(events.stream().map(AuditEvent::getId).toList());
    JsonNode first = get(AUDITOR, "/api/audit/v1/tree-head").body();
    publish(List.of(event("civil-affairs.c", "RECORDS_FETCHED", Instant.now())));
    sleep(1_500);
    JsonNode head = get(AUDITOR, "/api/audit/v1/tree-head").body();
    long size = head.path("size").asLong();
    byte[] root = Base64.getDecoder().decode(head.path("rootHash").asString());

    // the checkpoint is a signed note that verifies with the published key
    Checkpoint checkpoint =
        Checkpoint.verify(head.path("checkpoint").asString(), head.path("publicKey").asString());
    assertThat(checkpoint.size()).isEqualTo(size);
    assertThat(checkpoint.rootHash()).isEqualTo(root);

    // rebuild the tree from the export, recomputing every leaf from its canonical event
    List<byte[]> leaves = new ArrayList<>();
    for (String line :
        get(AUDITOR, "/api/audit/v1/events/export?format=jsonl").text().split("\n")) {
      JsonNode entry = JSON.readTree(line);
      byte[] leafHash = Base64.getDecoder().decode(entry.path("leafHash").asString());
      if (!entry.path("event").isNull()) {
        String canonical = new JsonCanonicalizer(entry.path("event").toString()).getEncodedString();
        assertThat(Rfc9162.leafHash(canonical.getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(leafHash);
      }
      leaves.add(leafHash);
    }
    assertThat(leaves.size()).isGreaterThanOrEqualTo((int) size);
    assertThat(Rfc9162.rootOf(leaves.subList(0, (int) size))).isEqualTo(root);

    // an inclusion proof of one event, checked with the RFC's algorithm
    String id = events.getFirst().getId().toString();
    JsonNode entry = get(AUDITOR, "/api/audit/v1/events/" + id).body();
    assertThat(entry.path("event").path("id").asString()).isEqualTo(id);
    JsonNode proof = get(AUDITOR, "/api/audit/v1/events/" + id + "/proof?treeSize=" + size).body();
    assertThat(proof.path("leafIndex").asLong()).isEqualTo(entry.path("leafIndex").asLong());
    assertThat(
            Rfc9162.verifyInclusion(
                proof.path("leafIndex").asLong(),
                size,
                Base64.getDecoder().decode(proof.path("leafHash").asString()),
                hashes(proof.path("path")),
                root))
        .isTrue();

    // the earlier head is a prefix of the later one
    long from = first.path("size").asLong();
    JsonNode consistency =
        get(AUDITOR, "/api/audit/v1/consistency?from=" + from + "&to=" + size).body();
    assertThat(
            Rfc9162.verifyConsistency(
                from,
                size,
                Base64.getDecoder().decode(first.path("rootHash").asString()),
                root,
                hashes(consistency.path("path"))))
        .isTrue();
  }

  @Test
  void theOfflineVerifierChecksExportHeadAndProofsWithoutTheService(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    AuditEvent e = event("civil-affairs.offline", "RECORDS_PUBLISHED", Instant.now());
    publish(List.of(e));
    awaitIngested(List.of(e.getId()));
    JsonNode old = get(AUDITOR, "/api/audit/v1/tree-head").body();
    publish(List.of(event("civil-affairs.offline", "RECORDS_FETCHED", Instant.now())));
    sleep(1_500);
    JsonNode head = get(AUDITOR, "/api/audit/v1/tree-head").body();
    long size = head.path("size").asLong();
    Files.writeString(dir.resolve("head.txt"), head.path("checkpoint").asString());
    Files.writeString(dir.resolve("old.txt"), old.path("checkpoint").asString());
    Files.writeString(
        dir.resolve("export.jsonl"),
        get(AUDITOR, "/api/audit/v1/events/export?format=jsonl").text());
    Files.writeString(
        dir.resolve("proof.json"),
        get(AUDITOR, "/api/audit/v1/events/" + e.getId() + "/proof?treeSize=" + size).text());
    Files.writeString(
        dir.resolve("consistency.json"),
        get(AUDITOR, "/api/audit/v1/consistency?from=" + old.path("size").asLong() + "&to=" + size)
            .text());
    String key = head.path("publicKey").asString();

    String[] args = {
      "--key",
      key,
      "--checkpoint",
      dir.resolve("head.txt").toString(),
      "--export",
      dir.resolve("export.jsonl").toString(),
      "--inclusion",
      dir.resolve("proof.json").toString(),
      "--old-checkpoint",
      dir.resolve("old.txt").toString(),
      "--consistency",
      dir.resolve("consistency.json").toString()
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(OfflineVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8)))
        .as(out.toString(StandardCharsets.UTF_8))
        .isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("rebuild exactly the signed root");

    String tampered =
        Files.readString(dir.resolve("export.jsonl"))
            .replaceFirst("RECORDS_PUBLISHED", "RECORDS_FETCHED");
    Files.writeString(dir.resolve("export.jsonl"), tampered);
    assertThat(
            OfflineVerifier.run(
                args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .isFalse();
  }

  @Test
  void theWriterRoleCannotRewriteHistoryNorTheRetentionRoleDelete() throws Exception {
    try (Connection writer =
            HutongStack.infrastructure().postgres().connectionAs(ServiceDatabase.AUDIT_WRITER);
        Statement s = writer.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("update audit.audit_entry set body = '{}'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.executeUpdate("delete from audit.audit_entry"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.executeUpdate("delete from audit.audit_node"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
    try (Connection keeper =
            HutongStack.infrastructure().postgres().connectionAs(ServiceDatabase.AUDIT_RETENTION);
        Statement s = keeper.createStatement()) {
      assertThatThrownBy(
              () -> s.executeUpdate("update audit.audit_entry set leaf_hash = leaf_hash"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.executeUpdate("delete from audit.audit_entry"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void tamperingWithAStoredEventIsNamedByVerify() throws Exception {
    AuditEvent e = event("civil-affairs.tamper", "RECORDS_PUBLISHED", Instant.now());
    publish(List.of(e));
    awaitIngested(List.of(e.getId()));
    assertThat(get(AUDITOR, "/api/audit/v1/verify").body().path("ok").asBoolean()).isTrue();

    try (Connection c = HutongStack.infrastructure().postgres().superuserConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "update audit.audit_entry set body = replace(body, '\"ALLOWED\"', '\"DENIED\"')"
              + " where event_id = '"
              + e.getId()
              + "'");
      JsonNode verdict = get(AUDITOR, "/api/audit/v1/verify").body();
      s.executeUpdate(
          "update audit.audit_entry set body = replace(body, '\"DENIED\"', '\"ALLOWED\"')"
              + " where event_id = '"
              + e.getId()
              + "'");

      assertThat(verdict.path("ok").asBoolean()).isFalse();
      assertThat(verdict.path("firstMismatch").path("id").asString())
          .isEqualTo(e.getId().toString());
    }
    assertThat(get(AUDITOR, "/api/audit/v1/verify").body().path("ok").asBoolean()).isTrue();
  }

  @Test
  void retentionClearsOldBodiesButKeepsProofsValid() throws Exception {
    AuditEvent old =
        event(
            "civil-affairs.ancient", "RECORDS_FETCHED", Instant.now().minus(Duration.ofDays(200)));
    publish(List.of(old));
    awaitIngested(List.of(old.getId()));

    assertThat(retention.run()).isGreaterThanOrEqualTo(1);

    JsonNode entry = get(AUDITOR, "/api/audit/v1/events/" + old.getId()).body();
    assertThat(entry.path("event").isNull()).isTrue();
    JsonNode head = get(AUDITOR, "/api/audit/v1/tree-head").body();
    JsonNode proof =
        get(
                AUDITOR,
                "/api/audit/v1/events/"
                    + old.getId()
                    + "/proof?treeSize="
                    + head.path("size").asLong())
            .body();
    assertThat(
            Rfc9162.verifyInclusion(
                proof.path("leafIndex").asLong(),
                proof.path("treeSize").asLong(),
                Base64.getDecoder().decode(proof.path("leafHash").asString()),
                hashes(proof.path("path")),
                Base64.getDecoder().decode(head.path("rootHash").asString())))
        .isTrue();
    assertThat(get(AUDITOR, "/api/audit/v1/verify").body().path("ok").asBoolean()).isTrue();
  }

  @Test
  void searchFiltersPagesAndRefusesBadParameters() {
    String dataset = "market-regulation.t" + UUID.randomUUID().toString().substring(0, 8);
    List<AuditEvent> events =
        List.of(
            event(dataset, "RECORDS_PUBLISHED", Instant.now()),
            event(dataset, "RECORDS_FETCHED", Instant.now()),
            event(dataset, "RECORDS_FETCHED", Instant.now()));
    publish(events);
    awaitIngested(events.stream().map(AuditEvent::getId).toList());

    // The auditor's own queries carry this dataset too; they are the auditor's, not the system's.
    String bySystem = "&actor=public-security-system";
    JsonNode page1 =
        get(AUDITOR, "/api/audit/v1/events?dataset=" + dataset + bySystem + "&limit=2").body();
    assertThat(page1.path("items").size()).isEqualTo(2);
    JsonNode page2 =
        get(
                AUDITOR,
                "/api/audit/v1/events?dataset="
                    + dataset
                    + bySystem
                    + "&limit=2&cursor="
                    + page1.path("nextCursor").asString())
            .body();
    assertThat(page2.path("items").size()).isEqualTo(1);
    assertThat(page2.path("nextCursor").isNull()).isTrue();
    assertThat(page1.path("items").get(0).path("leafIndex").asLong())
        .isGreaterThan(page1.path("items").get(1).path("leafIndex").asLong());
    assertThat(
            get(AUDITOR, "/api/audit/v1/events?dataset=" + dataset + "&action=RECORDS_PUBLISHED")
                .body()
                .path("items")
                .size())
        .isEqualTo(1);
    assertThat(
            get(AUDITOR, "/api/audit/v1/events?dataset=" + dataset + "&outcome=DENIED")
                .body()
                .path("items")
                .size())
        .isZero();

    assertThat(get(AUDITOR, "/api/audit/v1/events?outcome=MAYBE").status()).isEqualTo(422);
    assertThat(get(AUDITOR, "/api/audit/v1/events?from=yesterday").status()).isEqualTo(422);
    // Far instants are refused (422); NUL or control characters in a filter never reach
    // PostgreSQL: the query-string guard refuses them (400) before the controller's own check.
    assertThat(get(AUDITOR, "/api/audit/v1/events?from=%2B10000-01-01T00:00:00Z").status())
        .isEqualTo(422);
    assertThat(get(AUDITOR, "/api/audit/v1/events?to=-0001-01-01T00:00:00Z").status())
        .isEqualTo(422);
    assertThat(get(AUDITOR, "/api/audit/v1/events?actor=a%00b").status()).isEqualTo(400);
    assertThat(get(AUDITOR, "/api/audit/v1/events/export?department=%1B%5B31m").status())
        .isEqualTo(400);
    assertThat(get(AUDITOR, "/api/audit/v1/events/not-an-id").status()).isEqualTo(404);
    assertThat(get(AUDITOR, "/api/audit/v1/consistency?from=5&to=2").status()).isEqualTo(422);

    // The auditor's own queries above are in the log too, carrying the dataset they asked about.
    String csv = get(AUDITOR, "/api/audit/v1/events/export?format=csv&dataset=" + dataset).text();
    assertThat(csv).startsWith("id,time,service,actor");
    for (AuditEvent event : events) {
      assertThat(csv).contains(event.getId().toString() + ",");
    }
    assertThat(csv.split("\r\n"))
        .filteredOn(row -> row.contains(",AUDIT_QUERIED,"))
        .hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void messagesThatAreNotAuditEventsAreKeptAsideAndIngestGoesOn() throws Exception {
    java.util.Properties props = new java.util.Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
            props,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer
          .send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  io.hutong.schemas.audit.AuditTopics.EVENTS,
                  "junk",
                  "not avro".getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    AuditEvent after = event("x".repeat(400), "RECORDS_FETCHED", Instant.now());
    publish(List.of(after));
    awaitIngested(List.of(after.getId()));

    assertThat(count("select count(*) from audit.audit_rejected where payload = 'not avro'::bytea"))
        .isEqualTo(1);
  }

  @Test
  void auditorQueriesAreThemselvesAudited() {
    String marker = "civil-affairs.audited-" + UUID.randomUUID();
    get(AUDITOR, "/api/audit/v1/events?dataset=" + marker);
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)
        && count(
                "select count(*) from audit.audit_entry where action = 'AUDIT_QUERIED' and actor = 'auditor' and dataset = '"
                    + marker
                    + "'")
            == 0) {
      sleep(200);
    }
    assertThat(
            count(
                "select count(*) from audit.audit_entry where action = 'AUDIT_QUERIED' and actor = 'auditor' and dataset = '"
                    + marker
                    + "'"))
        .isEqualTo(1);
  }

  static List<byte[]> hashes(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    for (JsonNode item : array) {
      out.add(Base64.getDecoder().decode(item.asString()));
    }
    return out;
  }
}
