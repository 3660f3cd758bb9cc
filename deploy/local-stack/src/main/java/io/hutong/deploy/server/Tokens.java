package io.hutong.deploy.server;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches real access tokens from the stack's Keycloak for the local identities, caching each until
 * shortly before it expires. Tests use it to call services exactly as department systems do.
 */
public final class Tokens {

  private static final Pattern ACCESS_TOKEN =
      Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");

  private final String tokenUri;
  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<LocalIdentity, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Cached> clients = new ConcurrentHashMap<>();

  public Tokens(KeycloakServer keycloak) {
    this(keycloak.tokenUri());
  }

  /** Tokens from {@code tokenUri}, e.g. {@link KeycloakServer#tokenUri(String)} of another host. */
  public Tokens(String tokenUri) {
    this.tokenUri = tokenUri;
  }

  /** A valid access token of {@code identity}. */
  public String accessToken(LocalIdentity identity) {
    Cached cached = cache.get(identity);
    if (cached != null && Instant.now().isBefore(cached.refreshAfter())) {
      return cached.token();
    }
    Cached fresh = fetch(identity);
    cache.put(identity, fresh);
    return fresh.token();
  }

  /**
   * A valid access token of the confidential client {@code clientId} (client credentials), e.g. the
   * monitoring client of {@link Infrastructure#monitoringClient()}.
   */
  public String clientToken(String clientId, String secret) {
    Cached cached = clients.get(clientId);
    if (cached != null && Instant.now().isBefore(cached.refreshAfter())) {
      return cached.token();
    }
    Cached fresh =
        fetch(
            clientId,
            "grant_type=client_credentials&client_id="
                + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8));
    clients.put(clientId, fresh);
    return fresh.token();
  }

  /** A valid token of the monitoring client (role {@code metrics-reader} only). */
  public String monitoringToken(Infrastructure.MonitoringClient monitoring) {
    return clientToken(monitoring.clientId(), monitoring.secret());
  }

  private Cached fetch(LocalIdentity identity) {
    return fetch(identity.name(), identity.tokenRequestBody());
  }

  private Cached fetch(String name, String requestBody) {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(tokenUri))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofString(requestBody))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher token = ACCESS_TOKEN.matcher(response.body());
      if (response.statusCode() != 200 || !token.find()) {
        throw new IllegalStateException(
            "no token for " + name + ": HTTP " + response.statusCode() + " " + response.body());
      }
      Matcher expires = EXPIRES_IN.matcher(response.body());
      long seconds = expires.find() ? Long.parseLong(expires.group(1)) : 60;
      return new Cached(token.group(1), Instant.now().plusSeconds(Math.max(5, seconds - 30)));
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak unreachable at " + tokenUri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The {@code access_token} of a Keycloak token response, or null when it has none. */
  static String accessTokenIn(String body) {
    Matcher token = ACCESS_TOKEN.matcher(body);
    return token.find() ? token.group(1) : null;
  }

  private record Cached(String token, Instant refreshAfter) {}
}
