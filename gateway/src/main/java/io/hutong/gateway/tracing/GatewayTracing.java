package io.hutong.gateway.tracing;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationFilter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The gateway's tracing, the services' counterpart (README "Tracing", decision 0015): with {@code
 * management.tracing.export.enabled} off (the default) nothing is recorded; with it on, the
 * gateway's server span carries the request id it stamped as {@value #REQUEST_ID}, and its routed
 * calls forward {@code traceparent} (the gateway's observability follows the same switch in
 * application.yml).
 */
@Configuration(proxyBeanMethods = false)
class GatewayTracing {

  /** The span attribute carrying the call's request id, as on the services' spans. */
  static final String REQUEST_ID = "hutong.request_id";

  private static final String EXPORT = "management.tracing.export.enabled";

  /** With export off nothing is recorded: Boot's own sampler would keep one span in ten. */
  @Bean
  @ConditionalOnBooleanProperty(name = EXPORT, havingValue = false)
  Sampler tracingOffSampler() {
    return Sampler.alwaysOff();
  }

  /** The request id {@code RequestIds} echoed on the response, on the server span. */
  @Bean
  @ConditionalOnBooleanProperty(name = EXPORT, matchIfMissing = true)
  ObservationFilter requestIdOnServerSpans() {
    return context -> {
      if (context instanceof ServerRequestObservationContext server
          && server.getResponse() != null) {
        String id = server.getResponse().getHeaders().getFirst("X-Request-Id");
        if (id != null) {
          context.addHighCardinalityKeyValue(KeyValue.of(REQUEST_ID, id));
        }
      }
      return context;
    };
  }
}
