package io.hutong.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counter {@code hutong_gateway_rate_limit_refusals_total{limit}}: calls answered 429 by the
 * per-client limit ({@code limit="client"}) or by the per-address limit on failed authentications
 * ({@code limit="address"}). Registered once; a refusal only increments.
 */
final class RateLimitRefusals {

  private RateLimitRefusals() {}

  static Counter counter(MeterRegistry registry, String limit) {
    return Counter.builder("hutong.gateway.rate.limit.refusals")
        .description("Calls refused with 429 by a rate limit")
        .tag("limit", limit)
        .register(registry);
  }
}
