package io.hutong.exchange.subscribe;

import io.hutong.schemas.identity.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code /api/exchange/v1/subscriptions}: subscribe, fetch, commit, seek and stream. */
@RestController
@RequestMapping("/api/exchange/v1/subscriptions")
class SubscriptionController {

  private final SubscriptionService subscriptions;
  private final RecordStreams streams;

  SubscriptionController(SubscriptionService subscriptions, RecordStreams streams) {
    this.subscriptions = subscriptions;
    this.streams = streams;
  }

  /** Body of {@code POST /subscriptions}. */
  record Subscribe(String dataset, String startFrom) {}

  /** Body of {@code POST /subscriptions/{id}/commit}. */
  record Commit(String cursor) {}

  /** Body of {@code POST /subscriptions/{id}/seek}. */
  record Seek(String to) {}

  @PostMapping
  ResponseEntity<Map<String, Object>> create(
      @AuthenticationPrincipal Jwt token, HttpServletRequest request, @RequestBody Subscribe body) {
    Subscription s = subscriptions.create(caller(token), request, body.dataset(), body.startFrom());
    return ResponseEntity.created(URI.create("/api/exchange/v1/subscriptions/" + s.id()))
        .body(SubscriptionService.view(s));
  }

  @GetMapping
  Map<String, Object> list(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
    List<Map<String, Object>> items =
        subscriptions.list(caller(token), request).stream().map(SubscriptionService::view).toList();
    return Map.of("items", items);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(
      @AuthenticationPrincipal Jwt token, HttpServletRequest request, @PathVariable String id) {
    subscriptions.delete(caller(token), request, uuid(id));
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/{id}/records")
  SubscriptionService.Fetch fetch(
      @AuthenticationPrincipal Jwt token,
      HttpServletRequest request,
      @PathVariable String id,
      @RequestParam(required = false) Integer max,
      @RequestParam(required = false) Integer waitMs,
      @RequestParam(required = false) String cursor) {
    return subscriptions.fetch(caller(token), request, uuid(id), max, waitMs, cursor);
  }

  @PostMapping("/{id}/commit")
  ResponseEntity<Void> commit(
      @AuthenticationPrincipal Jwt token,
      HttpServletRequest request,
      @PathVariable String id,
      @RequestBody Commit body) {
    subscriptions.commit(caller(token), request, uuid(id), body.cursor());
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/seek")
  Map<String, String> seek(
      @AuthenticationPrincipal Jwt token,
      HttpServletRequest request,
      @PathVariable String id,
      @RequestBody Seek body) {
    return Map.of("cursor", subscriptions.seek(caller(token), request, uuid(id), body.to()));
  }

  @GetMapping(path = "/{id}/stream", produces = "text/event-stream")
  SseEmitter stream(
      @AuthenticationPrincipal Jwt token,
      HttpServletRequest request,
      @PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    return streams.open(caller(token), request, uuid(id), lastEventId);
  }

  private static Caller caller(Jwt token) {
    return Caller.fromClaims(token.getClaims());
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw io.hutong.exchange.web.Refusal.notFound("Subscription " + id);
    }
  }
}
