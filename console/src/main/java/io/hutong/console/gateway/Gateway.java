package io.hutong.console.gateway;

import java.io.OutputStream;
import java.net.URI;
import java.util.function.Function;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the platform's API through the gateway as the signed-in person. Every refusal or failure
 * arrives as an {@link ApiProblem}, including a gateway that cannot be reached.
 */
@Component
public class Gateway {

  private final RestClient client;
  private final JsonMapper json;

  Gateway(RestClient gatewayClient, JsonMapper json) {
    this.client = gatewayClient;
    this.json = json;
  }

  public <T> T get(Function<UriBuilder, URI> uri, ParameterizedTypeReference<T> type) {
    return call(() -> client.get().uri(uri).retrieve().body(type));
  }

  public <T> T get(Function<UriBuilder, URI> uri, Class<T> type) {
    return call(() -> client.get().uri(uri).retrieve().body(type));
  }

  public <T> T post(Function<UriBuilder, URI> uri, Object body, Class<T> type) {
    return call(
        () ->
            client
                .post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(type));
  }

  /** Replaces a resource with {@code body} as JSON. */
  public <T> T put(Function<UriBuilder, URI> uri, Object body, Class<T> type) {
    return call(
        () ->
            client
                .put()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .retrieve()
                .body(type));
  }

  /** A JSON merge patch (RFC 7396). */
  public <T> T patch(Function<UriBuilder, URI> uri, Object body, Class<T> type) {
    return call(
        () ->
            client
                .patch()
                .uri(uri)
                .contentType(MediaType.valueOf("application/merge-patch+json"))
                .body(body)
                .retrieve()
                .body(type));
  }

  /** Streams an answer's body to {@code out} (exports); a refusal arrives as {@link ApiProblem}. */
  public void download(Function<UriBuilder, URI> uri, OutputStream out) {
    call(
        () ->
            client
                .get()
                .uri(uri)
                .exchange(
                    (request, response) -> {
                      if (response.getStatusCode().isError()) {
                        throw ApiProblem.read(
                            response.getStatusCode().value(),
                            response.getBody().readAllBytes(),
                            json);
                      }
                      response.getBody().transferTo(out);
                      return null;
                    }));
  }

  private static <T> T call(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (ResourceAccessException unreachable) {
      throw ApiProblem.unreachable();
    }
  }
}
