package io.hutong.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.catalog.CatalogTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The catalogue booted for real against PostgreSQL, Kafka and Keycloak of the local stack. */
class CatalogServiceIT extends CatalogITBase {

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());

  @Test
  void withoutTokenTheApiAnswers401ProblemJson() throws Exception {
    HttpResponse<String> response = get("/api/catalog/v1/me", null);

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

    HttpResponse<String> response = get("/api/catalog/v1/me", forged);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json.readTree(response.body()).get("detail").asString()).contains("rejected");
  }

  @Test
  void aKeycloakTokenIdentifiesTheCallerAndItsDepartment() throws Exception {
    HttpResponse<String> response =
        get("/api/catalog/v1/me", tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_ADMIN));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode me = json.readTree(response.body());
    assertThat(me.get("actor").asString()).isEqualTo("civil-affairs-admin");
    assertThat(me.get("department").asString()).isEqualTo("civil-affairs");
    assertThat(me.get("roles").toString()).isEqualTo("[\"data-admin\"]");
    assertThat(me.get("system").asBoolean()).isFalse();
  }

  @Test
  void unknownPathIsA404ProblemNotAnErrorPage() throws Exception {
    HttpResponse<String> response =
        get("/api/catalog/v1/nothing-here", tokens.accessToken(LocalIdentity.AUDITOR));

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
  void flywayCreatedTheCatalogSchemaOwnedByTheServiceRole() throws Exception {
    try (Connection c = HutongStack.infrastructure().postgres().superuserConnection();
        Statement s = c.createStatement();
        ResultSet rows =
            s.executeQuery(
                "select tableowner from pg_tables where schemaname = 'catalog'"
                    + " and tablename = 'department'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo(ServiceDatabase.CATALOG.username());
    }
  }

  @Test
  void theCatalogueEventTopicExistsAndIsCompacted() throws Exception {
    Properties props = new Properties();
    props.putAll(HutongStack.infrastructure().kafka().operatorClient());
    try (Admin admin = Admin.create(props)) {
      assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
          .contains(CatalogTopics.EVENTS, AuditTopics.EVENTS);
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, CatalogTopics.EVENTS);
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS);
      assertThat(configs.get(topic).get("cleanup.policy").value()).isEqualTo("compact");
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
