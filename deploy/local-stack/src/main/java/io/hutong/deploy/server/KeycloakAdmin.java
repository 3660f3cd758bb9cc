package io.hutong.deploy.server;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keycloak's admin REST API as the local stack's bootstrap admin ({@code admin} on realm master,
 * with the installation's generated password). Security tests use it to make the realms and clients
 * whose tokens the platform must refuse: another realm, no {@code hutong-api} audience, a
 * one-second lifespan.
 */
public final class KeycloakAdmin {

  private final String url;
  private final KeycloakServer keycloak;
  private final HttpClient http = HttpClient.newHttpClient();

  public KeycloakAdmin(KeycloakServer keycloak) {
    this.url = keycloak.url();
    this.keycloak = keycloak;
  }

  /** Creates {@code realm}; one that exists already is fine. */
  public void createRealm(String realm) {
    post("/admin/realms", "{\"realm\":" + quote(realm) + ",\"enabled\":true}");
  }

  /**
   * Creates a confidential client-credentials client {@code clientId} in {@code realm} with secret
   * {@code <clientId>-secret}; with the {@code hutong-api} audience mapper when {@code audience},
   * and the given client {@code attributes} (e.g. {@code access.token.lifespan}).
   */
  public void createClient(
      String realm, String clientId, boolean audience, Map<String, String> attributes) {
    String mappers =
        audience
            ? ",\"protocolMappers\":[{\"name\":\"hutong-api audience\","
                + "\"protocol\":\"openid-connect\",\"protocolMapper\":\"oidc-audience-mapper\","
                + "\"config\":{\"included.custom.audience\":"
                + quote(KeycloakServer.AUDIENCE)
                + ",\"access.token.claim\":\"true\",\"id.token.claim\":\"false\","
                + "\"introspection.token.claim\":\"true\"}}]"
            : "";
    String attributeJson =
        attributes.entrySet().stream()
            .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
            .collect(Collectors.joining(",", "{", "}"));
    post(
        "/admin/realms/" + realm + "/clients",
        "{\"clientId\":"
            + quote(clientId)
            + ",\"secret\":"
            + quote(secret(clientId))
            + ",\"enabled\":true,\"publicClient\":false,\"serviceAccountsEnabled\":true,"
            + "\"standardFlowEnabled\":false,\"directAccessGrantsEnabled\":false,"
            + "\"protocol\":\"openid-connect\",\"attributes\":"
            + attributeJson
            + mappers
            + "}");
  }

  /** A client-credentials access token of a client made by {@link #createClient}. */
  public String clientToken(String realm, String clientId) {
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

  private void post(String path, String json) {
    String admin =
        token(
            "master",
            "grant_type=password&client_id=admin-cli&username=admin&password="
                + java.net.URLEncoder.encode(
                    keycloak.adminPassword(), java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    if (r.statusCode() != 201 && r.statusCode() != 409) {
      throw new IllegalStateException(
          "Keycloak admin POST " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
  }

  private String token(String realm, String form) {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(
                    URI.create(url + "/realms/" + realm + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    String token = r.statusCode() == 200 ? Tokens.accessTokenIn(r.body()) : null;
    if (token == null) {
      throw new IllegalStateException(
          "no token from realm " + realm + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return token;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak unreachable at " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A JSON string literal; the values here are names and numbers chosen by tests. */
  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
