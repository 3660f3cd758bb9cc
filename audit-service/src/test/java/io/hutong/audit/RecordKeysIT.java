package io.hutong.audit;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hutong.audit.ingest.FirstSchemaEvent;
import io.hutong.audit.retention.RetentionJob;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Lookups and verifications in the log (issue 14): their record keys, fields and result are stored
 * and committed to by the leaf, an auditor finds every event that named one record — also one key
 * among the hundred of a batch lookup — and the tree, its proofs and the leaves of events from
 * before keys existed still verify.
 */
class RecordKeysIT extends AuditITBase {

  private static final String RESIDENTS = "public-security.residents";
  private static final String MARRIAGES = "civil-affairs.marriage-registrations";

  @Autowired RetentionJob retention;

  @Test
  void searchByKey_findsExactlyTheEventsNamingThatKey_amongTheKeysOfABatchLookupToo() {
    String p = "K" + UUID.randomUUID().toString().substring(0, 8);
    String wanted = p + "-0042";
    List<String> hundred = IntStream.range(0, 100).mapToObj(i -> p + "-%04d".formatted(i)).toList();
    AuditEvent batch =
        keyed(
            RESIDENTS,
            "RECORD_LOOKED_UP",
            hundred,
            List.of("name", "birthDate"),
            "found 99; missing " + p + "-0099");
    AuditEvent verified =
        keyed(RESIDENTS, "RECORD_VERIFIED", List.of(wanted), List.of("name"), "name: match");
    AuditEvent elsewhere =
        keyed(MARRIAGES, "RECORD_VERIFIED", List.of(wanted), List.of("wifeName"), "no match");
    AuditEvent similar =
        keyed(RESIDENTS, "RECORD_LOOKED_UP", List.of(wanted + "0", p), List.of("name"), "found");
    AuditEvent mentionsOnly =
        AuditEvent.newBuilder(event(RESIDENTS, "RECORDS_FETCHED", Instant.now()))
            .setResource("/api/exchange/v1/datasets/" + RESIDENTS + "/records/" + wanted)
            .build();
    publish(List.of(batch, verified, elsewhere, similar, mentionsOnly));
    awaitIngested(
        List.of(
            batch.getId(),
            verified.getId(),
            elsewhere.getId(),
            similar.getId(),
            mentionsOnly.getId()));

    assertThat(ids("/api/audit/v1/events?key=" + wanted))
        .as("exact match on a named key")
        .containsExactlyInAnyOrder(batch.getId(), verified.getId(), elsewhere.getId());
    assertThat(ids("/api/audit/v1/events?key=" + p + "-0099")).containsExactly(batch.getId());
    assertThat(ids("/api/audit/v1/events?key=" + p)).containsExactly(similar.getId());
    assertThat(ids("/api/audit/v1/events?key=" + wanted + "&action=RECORD_VERIFIED"))
        .containsExactlyInAnyOrder(verified.getId(), elsewhere.getId());
    assertThat(
            ids(
                "/api/audit/v1/events?key="
                    + wanted
                    + "&dataset="
                    + RESIDENTS
                    + "&action=RECORD_VERIFIED&actor=public-security-system&outcome=ALLOWED"))
        .containsExactly(verified.getId());
    assertThat(
            ids("/api/audit/v1/events?key=" + wanted + "&from=" + Instant.now().plusSeconds(3600)))
        .isEmpty();

    // Paged newest first (by leaf index) like every search.
    JsonNode first = get(AUDITOR, "/api/audit/v1/events?key=" + wanted + "&limit=2").body();
    JsonNode rest =
        get(
                AUDITOR,
                "/api/audit/v1/events?key="
                    + wanted
                    + "&limit=2&cursor="
                    + first.path("nextCursor").asString())
            .body();
    assertThat(first.path("items").size()).isEqualTo(2);
    assertThat(rest.path("items").size()).isEqualTo(1);
    assertThat(rest.path("nextCursor").isNull()).isTrue();
    List<Long> leaves = new ArrayList<>();
    first.path("items").forEach(item -> leaves.add(item.path("leafIndex").asLong()));
    rest.path("items").forEach(item -> leaves.add(item.path("leafIndex").asLong()));
    assertThat(leaves)
        .isSortedAccordingTo(java.util.Comparator.reverseOrder())
        .doesNotHaveDuplicates();

    JsonNode view = get(AUDITOR, "/api/audit/v1/events/" + verified.getId()).body().path("event");
    assertThat(view.path("keys").toString()).isEqualTo("[\"" + wanted + "\"]");
    assertThat(view.path("fields").toString()).isEqualTo("[\"name\"]");
    assertThat(view.path("result").asString()).isEqualTo("name: match");
    JsonNode plain = get(AUDITOR, "/api/audit/v1/events/" + mentionsOnly.getId()).body();
    assertThat(plain.path("event").has("keys")).isFalse();
    assertThat(plain.path("event").has("result")).isFalse();
  }

  @Test
  void theExport_takesTheKeyFilter_andItsLinesVerify() throws Exception {
    String key = "K" + UUID.randomUUID().toString().substring(0, 8);
    AuditEvent lookup =
        keyed(RESIDENTS, "RECORD_LOOKED_UP", List.of("other", key), List.of("name"), "found 2");
    AuditEvent verification =
        keyed(RESIDENTS, "RECORD_VERIFIED", List.of(key), List.of("birthDate"), "birthDate: match");
    publish(List.of(lookup, verification, event(RESIDENTS, "RECORDS_FETCHED", Instant.now())));
    awaitIngested(List.of(lookup.getId(), verification.getId()));

    String[] lines = get(AUDITOR, "/api/audit/v1/events/export?key=" + key).text().split("\n");
    assertThat(lines).hasSize(2);
    List<String> exported = new ArrayList<>();
    List<Long> leaves = new ArrayList<>();
    for (String line : lines) {
      JsonNode entry = JSON.readTree(line);
      String canonical = new JsonCanonicalizer(entry.path("event").toString()).getEncodedString();
      assertThat(Rfc9162.leafHash(canonical.getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(Base64.getDecoder().decode(entry.path("leafHash").asString()));
      exported.add(entry.path("event").path("id").asString());
      leaves.add(entry.path("leafIndex").asLong());
    }
    assertThat(exported)
        .containsExactlyInAnyOrder(lookup.getId().toString(), verification.getId().toString());
    assertThat(leaves).as("oldest first").isSorted();

    String csv = get(AUDITOR, "/api/audit/v1/events/export?format=csv&key=" + key).text();
    String[] rows = csv.split("\r\n");
    assertThat(rows[0]).endsWith(",reason,keys,fields,result,leafIndex,leafHash");
    assertThat(rows).hasSize(3);
    assertThat(rows)
        .anySatisfy(row -> assertThat(row).contains(",other " + key + ",name,found 2,"))
        .anySatisfy(row -> assertThat(row).contains("," + key + ",birthDate,birthDate: match,"));
  }

  @Test
  void keyedAndFirstSchemaEvents_leaveTheTreeVerifiable(@TempDir Path dir) throws Exception {
    publishBytes(Map.of(FirstSchemaEvent.ID.toString(), FirstSchemaEvent.firstSchemaWireBytes()));
    AuditEvent keyed =
        keyed(
            RESIDENTS, "RECORD_LOOKED_UP", List.of("110101199003070011"), List.of("name"), "found");
    publish(List.of(keyed));
    awaitIngested(List.of(FirstSchemaEvent.ID, keyed.getId()));

    JsonNode old = get(AUDITOR, "/api/audit/v1/events/" + FirstSchemaEvent.ID).body();
    assertThat(
            HexFormat.of().formatHex(Base64.getDecoder().decode(old.path("leafHash").asString())))
        .as("an event of the first schema keeps the leaf hash the earlier code gave it")
        .isEqualTo(FirstSchemaEvent.LEAF_HASH);
    if (!old.path("event").isNull()) {
      assertThat(new JsonCanonicalizer(old.path("event").toString()).getEncodedString())
          .isEqualTo(FirstSchemaEvent.BODY);
    }
    assertThat(get(AUDITOR, "/api/audit/v1/verify").body().path("ok").asBoolean()).isTrue();

    JsonNode head = get(AUDITOR, "/api/audit/v1/tree-head").body();
    long size = head.path("size").asLong();
    Files.writeString(dir.resolve("head.txt"), head.path("checkpoint").asString());
    Files.writeString(
        dir.resolve("export.jsonl"),
        get(AUDITOR, "/api/audit/v1/events/export?format=jsonl").text());
    Files.writeString(
        dir.resolve("proof.json"),
        get(AUDITOR, "/api/audit/v1/events/" + keyed.getId() + "/proof?treeSize=" + size).text());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean ok =
        OfflineVerifier.run(
            new String[] {
              "--key", head.path("publicKey").asString(),
              "--checkpoint", dir.resolve("head.txt").toString(),
              "--export", dir.resolve("export.jsonl").toString(),
              "--inclusion", dir.resolve("proof.json").toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(ok).as(out.toString(StandardCharsets.UTF_8)).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("rebuild exactly the signed root")
        .contains("OK   inclusion of leaf");

    // Changing the key in the stored body is tampering that verification names.
    try (Connection c = HutongStack.infrastructure().postgres().superuserConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "update audit.audit_entry set body = replace(body, '110101199003070011',"
              + " '110101199003070012') where event_id = '"
              + keyed.getId()
              + "'");
      JsonNode verdict = get(AUDITOR, "/api/audit/v1/verify").body();
      s.executeUpdate(
          "update audit.audit_entry set body = replace(body, '110101199003070012',"
              + " '110101199003070011') where event_id = '"
              + keyed.getId()
              + "'");
      assertThat(verdict.path("ok").asBoolean()).isFalse();
      assertThat(verdict.path("firstMismatch").path("id").asString())
          .isEqualTo(keyed.getId().toString());
    }
  }

  @Test
  void aKeyFilterThatNoEventCanCarry_isRefusedAsAProblem() {
    String tooLong = "k".repeat(201);
    for (String path :
        List.of(
            "/api/audit/v1/events?key=" + tooLong,
            "/api/audit/v1/events?key=",
            "/api/audit/v1/events/export?format=csv&key=" + tooLong)) {
      Response refused = get(AUDITOR, path);

      assertThat(refused.status()).as(path).isEqualTo(422);
      assertThat(refused.body().path("type").asString())
          .isEqualTo("urn:hutong:problem:invalid-request");
      assertThat(refused.body().path("detail").asString()).contains("key must be 1 to 200");
    }
    assertThat(get(AUDITOR, "/api/audit/v1/events?key=" + "k".repeat(200)).status()).isEqualTo(200);
    assertThat(get(AUDITOR, "/api/audit/v1/events?key=a%07b").status()).isEqualTo(400);
  }

  @Test
  void retention_takesTheKeysOfAClearedEntryOutOfSearch() throws Exception {
    String key = "K" + UUID.randomUUID().toString().substring(0, 8);
    AuditEvent ancient =
        AuditEvent.newBuilder(
                event(RESIDENTS, "RECORD_LOOKED_UP", Instant.now().minus(Duration.ofDays(200))))
            .setKeys(List.of(key))
            .build();
    publish(List.of(ancient));
    awaitIngested(List.of(ancient.getId()));
    assertThat(ids("/api/audit/v1/events?key=" + key)).containsExactly(ancient.getId());

    assertThat(retention.run()).isGreaterThanOrEqualTo(1);

    assertThat(ids("/api/audit/v1/events?key=" + key)).isEmpty();
    assertThat(count("select count(*) from audit.audit_entry_key where record_key = '" + key + "'"))
        .isZero();
    assertThat(get(AUDITOR, "/api/audit/v1/verify").body().path("ok").asBoolean()).isTrue();
  }

  @Test
  void theWriterCannotRemoveKeys_norRetentionAddThem() throws Exception {
    try (Connection writer =
            HutongStack.infrastructure().postgres().connectionAs(ServiceDatabase.AUDIT_WRITER);
        Statement s = writer.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("delete from audit.audit_entry_key"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.executeUpdate("update audit.audit_entry_key set record_key = 'x'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
    try (Connection keeper =
            HutongStack.infrastructure().postgres().connectionAs(ServiceDatabase.AUDIT_RETENTION);
        Statement s = keeper.createStatement()) {
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "insert into audit.audit_entry_key (record_key, leaf_index) values ('x', 0)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  private static AuditEvent keyed(
      String dataset, String action, List<String> keys, List<String> fields, String result) {
    return AuditEvent.newBuilder(event(dataset, action, Instant.now()))
        .setKeys(keys)
        .setFields(fields)
        .setResult(result)
        .build();
  }

  /** The event ids of a search's first page, in the order answered. */
  private List<UUID> ids(String path) {
    Response page = get(AUDITOR, path);
    assertThat(page.status()).as(path + ": " + page.text()).isEqualTo(200);
    List<UUID> ids = new ArrayList<>();
    page.body()
        .path("items")
        .forEach(item -> ids.add(UUID.fromString(item.path("event").path("id").asString())));
    return ids;
  }
}
