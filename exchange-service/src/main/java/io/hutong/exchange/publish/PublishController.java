package io.hutong.exchange.publish;

import io.hutong.schemas.data.AvroBatches;
import io.hutong.service.audit.CallContext;
import java.util.List;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/exchange/v1/datasets/{code}/records}: publish a batch of records. */
@RestController
class PublishController {

  private final PublishService publishing;

  PublishController(PublishService publishing) {
    this.publishing = publishing;
  }

  /** {@code {results: [{index, partition, offset}]}}, after Kafka committed the batch. */
  record Published(List<PublishService.Result> results) {}

  @PostMapping("/api/exchange/v1/datasets/{code}/records")
  Published publish(
      CallContext call,
      @PathVariable String code,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @RequestBody JsonNode body) {
    return new Published(publishing.publish(call.caller(), call, code, body, idempotencyKey));
  }

  /**
   * The same for a batch already encoded in Avro: an object container of {@code PublishedRecord}
   * envelopes ({@link AvroBatches}); the answer is the same JSON.
   */
  @PostMapping(
      path = "/api/exchange/v1/datasets/{code}/records",
      consumes = AvroBatches.CONTENT_TYPE)
  Published publishAvro(
      CallContext call,
      @PathVariable String code,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @RequestBody byte[] body) {
    return new Published(publishing.publishAvro(call.caller(), call, code, body, idempotencyKey));
  }
}
