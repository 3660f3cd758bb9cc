package io.hutong.gateway.audit;

import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.AuditEvents;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.identity.Caller;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Records the gateway's refusals in the audit log, so auditors see calls that never reached a
 * service. A refusal of an authenticated caller (403, the caller's own rate limit) is one {@code
 * REQUEST_REJECTED} event naming the caller. A refusal before anyone was authenticated (no or a bad
 * token, the per-address limit, a malformed or oversized request) is counted by {@link
 * RefusalTally}: such calls cost nothing to send, and must not cost the audit log one event each.
 */
@Component
public class GatewayAudit {

  static final String SERVICE = "gateway";

  private final AuditProducer producer;
  private final Clock clock = Clock.systemUTC();
  private final RefusalTally tally;

  GatewayAudit(AuditProducer producer) {
    this.producer = producer;
    this.tally = new RefusalTally(clock, producer::send);
  }

  /**
   * Records the refusal of {@code exchange}: one event with {@code <status> <detail>} as its reason
   * when the caller is authenticated, else counted under {@code <status> <reason>}, where {@code
   * reason} must be stable (equal refusals are counted together).
   */
  public Mono<Void> refused(ServerWebExchange exchange, int status, String detail, String reason) {
    return exchange
        .getPrincipal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .map(p -> Caller.fromClaims(((JwtAuthenticationToken) p).getToken().getClaims()))
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .doOnNext(
            caller -> {
              if (caller.isPresent()) {
                producer.send(event(exchange, caller.get(), status + " " + detail));
              } else {
                ServerHttpRequest request = exchange.getRequest();
                refusedBeforeAuthentication(
                    address(request.getRemoteAddress()),
                    status + " " + reason,
                    resource(request),
                    requestId(exchange));
              }
            })
        .onErrorResume(e -> Mono.empty())
        .then();
  }

  /** Counts a refusal of an unauthenticated call (see {@link RefusalTally}). */
  public void refusedBeforeAuthentication(
      String address, String reason, String resource, String requestId) {
    tally.count(address, reason, resource, requestId);
  }

  /** Sends the counts of every second that is over. */
  @Scheduled(fixedDelay = 200)
  void flushCounts() {
    tally.flush();
  }

  @jakarta.annotation.PreDestroy
  void flushAllCounts() {
    tally.flushAll();
  }

  private io.hutong.schemas.audit.AuditEvent event(
      ServerWebExchange exchange, Caller caller, String reason) {
    ServerHttpRequest request = exchange.getRequest();
    return AuditEvents.by(SERVICE, clock.instant())
        .caller(caller)
        .action(AuditAction.REQUEST_REJECTED, Outcome.DENIED)
        .resource(resource(request))
        .requestId(requestId(exchange))
        .sourceAddress(address(request.getRemoteAddress()))
        .reason(reason)
        .build();
  }

  private static String resource(ServerHttpRequest request) {
    String query = request.getURI().getRawQuery();
    return request.getMethod()
        + " "
        + request.getPath().value()
        + (query == null ? "" : "?" + query);
  }

  private static String requestId(ServerWebExchange exchange) {
    return exchange.getResponse().getHeaders().getFirst("X-Request-Id");
  }

  private static String address(InetSocketAddress remote) {
    return remote == null || remote.getAddress() == null
        ? null
        : remote.getAddress().getHostAddress();
  }
}
