package io.hutong.exchange.subscribe;

import io.hutong.schemas.data.AvroBatches;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
  private final PageWriter pages;

  SubscriptionController(
      SubscriptionService subscriptions, RecordStreams streams, PageWriter pages) {
    this.subscriptions = subscriptions;
    this.streams = streams;
    this.pages = pages;
  }

  /** Body of {@code POST /subscriptions}. */
  record Subscribe(String dataset, String startFrom) {}

  /** Body of {@code POST /subscriptions/{id}/commit}. */
  record Commit(String cursor) {}

  /** Body of {@code POST /subscriptions/{id}/seek}. */
  record Seek(String to) {}

  /** Answer of {@code POST /subscriptions/{id}/seek}: where the next fetch starts. */
  record Sought(String cursor) {}

  @PostMapping
  ResponseEntity<SubscriptionService.SubscriptionView> create(
      CallContext call, @RequestBody Subscribe body) {
    Subscription s = subscriptions.create(call.caller(), call, body.dataset(), body.startFrom());
    return ResponseEntity.created(URI.create("/api/exchange/v1/subscriptions/" + s.id()))
        .body(SubscriptionService.SubscriptionView.of(s));
  }

  @GetMapping
  SubscriptionService.Page list(
      CallContext call,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return subscriptions.list(call.caller(), call, limit, cursor);
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(CallContext call, @PathVariable String id) {
    subscriptions.delete(call.caller(), call, uuid(id));
    return ResponseEntity.noContent().build();
  }

  /** Response header of a fetch: the cursor after the page, for clients that do not parse it. */
  static final String CURSOR_HEADER = "Hutong-Cursor";

  /**
   * A page of records in the format the {@code Accept} header prefers: a JSON page (the default),
   * NDJSON or an Avro object container; the cursor after the page is also in {@value
   * #CURSOR_HEADER}. Everything is checked and audited before the first byte is written.
   */
  @GetMapping(
      path = "/{id}/records",
      produces = {
        MediaType.APPLICATION_JSON_VALUE,
        PageWriter.NDJSON_VALUE,
        AvroBatches.CONTENT_TYPE
      })
  void fetch(
      CallContext call,
      @PathVariable String id,
      @RequestParam(required = false) Integer max,
      @RequestParam(required = false) Integer waitMs,
      @RequestParam(required = false) String cursor,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
      HttpServletResponse response)
      throws IOException {
    PageWriter.Format format = PageWriter.Format.preferred(accept);
    SubscriptionService.RecordPage page =
        subscriptions.page(call.caller(), call, uuid(id), max, waitMs, cursor);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(format.contentType);
    response.setHeader(CURSOR_HEADER, page.cursor());
    response.setBufferSize(64 * 1024); // a page leaves in few large writes, not many 8 KiB ones
    pages.write(page, format, response.getOutputStream());
  }

  @PostMapping("/{id}/commit")
  ResponseEntity<Void> commit(CallContext call, @PathVariable String id, @RequestBody Commit body) {
    subscriptions.commit(call.caller(), call, uuid(id), body.cursor());
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/seek")
  Sought seek(CallContext call, @PathVariable String id, @RequestBody Seek body) {
    return new Sought(subscriptions.seek(call.caller(), call, uuid(id), body.to()));
  }

  @GetMapping(path = "/{id}/stream", produces = "text/event-stream")
  SseEmitter stream(
      CallContext call,
      @PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    return streams.open(call.caller(), call, uuid(id), lastEventId);
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw Refusal.notFound("Subscription " + id);
    }
  }
}
