package io.hutong.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.schemas.audit.AuditTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit service booted for real against PostgreSQL, Kafka and Keycloak of the local stack. */
class AuditServiceIT extends AuditITBase {

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void withoutTokenTheApiAnswers401ProblemJson() throws Exception {
    HttpResponse<String> response = get("/api/audit/v1/me", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .get()
        .asString()
        .startsWith("Bearer");
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.get("type").asString()).isEqualTo("urn:hutong:problem:unauthenticated");
    assertThat(problem.get("status").asInt()).isEqualTo(401);
  }

  @Test
  void aForgedTokenIsRejected() throws Exception {
    String token = tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

    HttpResponse<String> response = get("/api/audit/v1/me", forged);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json.readTree(response.body()).get("detail").asString()).contains("rejected");
  }

  @Test
  void aKeycloakTokenIdentifiesTheCallerAndItsDepartment() throws Exception {
    HttpResponse<String> response =
        get("/api/audit/v1/me", tokens.accessToken(LocalIdentity.AUDITOR));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode me = json.readTree(response.body());
    assertThat(me.get("actor").asString()).isEqualTo("auditor");
    assertThat(me.get("department").asString()).isEqualTo("hutong-operations");
    assertThat(me.get("roles").toString()).isEqualTo("[\"auditor\"]");
    assertThat(me.get("system").asBoolean()).isFalse();
  }

  @Test
  void onlyAuditorsMayCallTheAuditApiNotEvenPlatformAdmins() throws Exception {
    for (LocalIdentity other :
        List.of(
            LocalIdentity.PLATFORM_ADMIN,
            LocalIdentity.CIVIL_AFFAIRS_ADMIN,
            LocalIdentity.CIVIL_AFFAIRS_SYSTEM)) {
      HttpResponse<String> response = get("/api/audit/v1/me", tokens.accessToken(other));

      assertThat(response.statusCode()).as(other.name()).isEqualTo(403);
      assertThat(json.readTree(response.body()).get("type").asString())
          .isEqualTo("urn:hutong:problem:forbidden");
    }
  }

  @Test
  void unknownPathIsA404ProblemNotAnErrorPage() throws Exception {
    HttpResponse<String> response =
        get("/api/audit/v1/nothing-here", tokens.accessToken(LocalIdentity.AUDITOR));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void healthIsAnonymousAndUpWithDatabaseAndKafka() throws Exception {
    HttpResponse<String> response = get("/actuator/health/readiness", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = json.readTree(response.body());
    assertThat(health.get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
    assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
  }

  @Test
  void overallHealthIncludesTheIngestWithItsLag() throws Exception {
    HttpResponse<String> response = get("/actuator/health", null);

    JsonNode ingest = json.readTree(response.body()).get("components").get("ingest");
    assertThat(ingest.get("status").asString()).isEqualTo("UP");
  }

  @Test
  void flywayCreatedTheSchemaOwnedByTheServiceRole() throws Exception {
    try (Connection c = HutongStack.infrastructure().postgres().superuserConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "select tableowner from pg_tables where schemaname = 'audit'"
                    + " and tablename = 'audit_entry'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo(ServiceDatabase.AUDIT.username());
    }
  }

  @Test
  void theAuditEventTopicExists() throws Exception {
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    try (Admin admin = Admin.create(props)) {
      assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).contains(AuditTopics.EVENTS);
    }
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
