package io.hutong.gateway.web;

import io.hutong.schemas.problem.ProblemTypes;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every failure inside the gateway becomes problem+json: a service that is down is a 503, a service
 * that does not answer in time a 504, an unknown path a 404 — never a stack trace or Boot's default
 * error page.
 */
@Component
@Order(-2)
class GatewayErrorHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);

  private final ProblemWriter problems;

  GatewayErrorHandler(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
    if (isCause(failure, ConnectException.class)) {
      return problems.write(
          exchange,
          HttpStatus.SERVICE_UNAVAILABLE,
          ProblemTypes.SERVICE_UNAVAILABLE,
          "The service behind this route is not reachable right now; retry later.");
    }
    if (isCause(failure, TimeoutException.class)) {
      return problems.write(
          exchange,
          HttpStatus.GATEWAY_TIMEOUT,
          ProblemTypes.GATEWAY_TIMEOUT,
          "The service behind this route did not answer in time.");
    }
    if (failure instanceof ResponseStatusException status) {
      HttpStatusCode code = status.getStatusCode();
      HttpStatus known = HttpStatus.resolve(code.value());
      if (known == HttpStatus.NOT_FOUND) {
        return problems.write(exchange, known, ProblemTypes.NOT_FOUND, "No route for this path.");
      }
      if (known != null && code.is4xxClientError()) {
        // e.g. 405 carries Allow, 415 Accept-Patch: the client needs them to do better.
        exchange.getResponse().getHeaders().addAll(status.getHeaders());
        return problems.write(
            exchange,
            known,
            ProblemTypes.forStatus(known.value()),
            status.getReason() == null ? known.getReasonPhrase() : status.getReason());
      }
      if (known == HttpStatus.SERVICE_UNAVAILABLE) {
        return problems.write(
            exchange,
            known,
            ProblemTypes.SERVICE_UNAVAILABLE,
            "The service behind this route is not available right now; retry later.");
      }
    }
    log.error("gateway failure on {}", exchange.getRequest().getPath(), failure);
    return problems.write(
        exchange,
        HttpStatus.INTERNAL_SERVER_ERROR,
        ProblemTypes.INTERNAL,
        "The gateway failed unexpectedly; it was logged.");
  }

  private static boolean isCause(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
