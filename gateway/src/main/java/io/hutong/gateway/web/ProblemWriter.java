package io.hutong.gateway.web;

import io.hutong.gateway.audit.GatewayAudit;
import io.hutong.schemas.problem.ProblemTypes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Writes the gateway's own refusals and failures as RFC 9457 problem+json (the types of {@link
 * ProblemTypes}), and has the refusals audited: 401, 403, 413 and 429 are refusals of a caller;
 * 404, 503 and 504 are not decisions about anyone.
 */
@Component
public class ProblemWriter {

  private static final Set<Integer> AUDITED_REFUSALS = Set.of(401, 403, 413, 429);

  private final GatewayAudit audit;

  ProblemWriter(GatewayAudit audit) {
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
    return write(
        exchange,
        HttpStatus.UNAUTHORIZED,
        ProblemTypes.UNAUTHENTICATED,
        detail,
        tokenPresented ? "bearer token rejected" : "no bearer token");
  }

  /** A problem whose audit reason, if it is an audited refusal, is its type. */
  public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, URI type, String detail) {
    return write(
        exchange, status, type, detail, type.toString().substring(ProblemTypes.PREFIX.length()));
  }

  /**
   * A problem; an audited refusal is recorded with its {@code detail} when the caller is known,
   * else counted under {@code reason}, which must not vary between equal refusals.
   */
  public Mono<Void> write(
      ServerWebExchange exchange, HttpStatus status, URI type, String detail, String reason) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    byte[] body =
        ProblemTypes.json(status.value(), type, detail, exchange.getRequest().getPath().value())
            .getBytes(StandardCharsets.UTF_8);
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().setContentLength(body.length);
    DataBuffer buffer = response.bufferFactory().wrap(body);
    Mono<Void> audited =
        AUDITED_REFUSALS.contains(status.value())
            ? audit.refused(exchange, status.value(), detail, reason)
            : Mono.empty();
    return audited.then(response.writeWith(Mono.just(buffer)));
  }
}
