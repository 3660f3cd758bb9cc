package io.hutong.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.server.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's admin REST API, as the local stack's bootstrap admin (admin/admin on realm master,
 * LOCAL DEVELOPMENT only), to make clients and realms whose tokens the platform must refuse.
 * Adapted from the gateway module's GatewayIT, whose test sources this module cannot import.
 */
final class KeycloakAdmin {

  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();

  KeycloakAdmin(String url) {
    this.url = url;
  }

  /** Creates {@code realm} (409 if it exists is fine). */
  void createRealm(String realm) throws IOException, InterruptedException {
    post("/admin/realms", Map.of("realm", realm, "enabled", true));
  }

  /**
   * Creates a confidential client-credentials client {@code clientId} in {@code realm} with secret
   * {@code <clientId>-secret}; with the {@code hutong-api} audience mapper when {@code audience},
   * and the given client {@code attributes} (e.g. {@code access.token.lifespan}).
   */
  void createClient(String realm, String clientId, boolean audience, Map<String, String> attributes)
      throws IOException, InterruptedException {
    Map<String, Object> client = new LinkedHashMap<>();
    client.put("clientId", clientId);
    client.put("secret", secret(clientId));
    client.put("enabled", true);
    client.put("publicClient", false);
    client.put("serviceAccountsEnabled", true);
    client.put("standardFlowEnabled", false);
    client.put("directAccessGrantsEnabled", false);
    client.put("protocol", "openid-connect");
    client.put("attributes", attributes);
    if (audience) {
      client.put(
          "protocolMappers",
          List.of(
              Map.of(
                  "name", "hutong-api audience",
                  "protocol", "openid-connect",
                  "protocolMapper", "oidc-audience-mapper",
                  "config",
                      Map.of(
                          "included.custom.audience", KeycloakServer.AUDIENCE,
                          "access.token.claim", "true",
                          "id.token.claim", "false",
                          "introspection.token.claim", "true"))));
    }
    post("/admin/realms/" + realm + "/clients", client);
  }

  /** A client-credentials access token of a client made by {@link #createClient}. */
  String clientToken(String realm, String clientId) throws IOException, InterruptedException {
    return token(
        realm,
        "grant_type=client_credentials&client_id="
            + form(clientId)
            + "&client_secret="
            + form(secret(clientId)));
  }

  private static String secret(String clientId) {
    return clientId + "-secret";
  }

  private void post(String path, Object body) throws IOException, InterruptedException {
    String admin =
        token("master", "grant_type=password&client_id=admin-cli&username=admin&password=admin");
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(E2ePlatform.JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("Keycloak admin POST " + path + ": " + r.body()).isIn(201, 409);
  }

  private String token(String realm, String form) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(url + "/realms/" + realm + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("token of realm " + realm + ": " + r.body()).isEqualTo(200);
    return E2ePlatform.JSON.readTree(r.body()).path("access_token").asString();
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
