package io.hutong.gateway.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes the gateway's own refusals and failures as RFC 9457 problem+json. */
@Component
public class ProblemWriter {

  public static final URI UNAUTHENTICATED = URI.create("urn:hutong:problem:unauthenticated");
  public static final URI FORBIDDEN = URI.create("urn:hutong:problem:forbidden");
  public static final URI NOT_FOUND = URI.create("urn:hutong:problem:not-found");
  public static final URI SERVICE_UNAVAILABLE =
      URI.create("urn:hutong:problem:service-unavailable");
  public static final URI GATEWAY_TIMEOUT = URI.create("urn:hutong:problem:gateway-timeout");
  public static final URI INVALID_REQUEST = URI.create("urn:hutong:problem:invalid-request");
  public static final URI INTERNAL = URI.create("urn:hutong:problem:internal-error");
  public static final URI PAYLOAD_TOO_LARGE = URI.create("urn:hutong:problem:payload-too-large");
  public static final URI TOO_MANY_REQUESTS = URI.create("urn:hutong:problem:too-many-requests");

  private static final java.util.Set<Integer> AUDITED_REFUSALS =
      java.util.Set.of(401, 403, 413, 429);

  private final JsonMapper json;
  private final GatewayAudit audit;

  ProblemWriter(JsonMapper json, GatewayAudit audit) {
    this.json = json;
    this.audit = audit;
  }

  /** 401 with the {@code WWW-Authenticate} challenge OAuth2 clients expect. */
  public Mono<Void> unauthenticated(ServerWebExchange exchange, boolean tokenPresented) {
    String challenge =
        tokenPresented
            ? "Bearer error=\"invalid_token\", error_description=\"The token was rejected\""
            : "Bearer";
    exchange.getResponse().getHeaders().set("WWW-Authenticate", challenge);
    String detail =
        tokenPresented
            ? "The bearer token was rejected: it is invalid, expired, or not issued for Hutong."
            : "This endpoint needs a bearer token from Keycloak realm hutong.";
    return write(exchange, HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, detail);
  }

  public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, URI type, String detail) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", type.toString());
    problem.put("title", status.getReasonPhrase());
    problem.put("status", status.value());
    problem.put("detail", detail);
    problem.put("instance", exchange.getRequest().getPath().value());
    byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().setContentLength(body.length);
    DataBuffer buffer = response.bufferFactory().wrap(body);
    Mono<Void> audited =
        AUDITED_REFUSALS.contains(status.value())
            ? audit.rejected(exchange, status.value(), detail)
            : Mono.empty();
    return audited.then(response.writeWith(Mono.just(buffer)));
  }
}
