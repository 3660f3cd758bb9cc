package io.hutong.service.tracing;

import io.hutong.service.web.RequestIds;
import io.micrometer.observation.ObservationFilter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * The services' tracing wiring (README "Tracing", decision 0015). Spring Boot traces every request
 * once Micrometer Tracing is on the class path; its switch {@code
 * management.tracing.export.enabled} only stops export and propagation. Here, with the switch off,
 * no span is ever recorded (the sampler drops them all, so a request pays for a non-recording span
 * only); with it on, the server span of each call carries the call's request id as {@value
 * #REQUEST_ID}, the key that leads from a trace to the gateway's and the service's log lines and to
 * the call's audit event.
 */
@AutoConfiguration(
    beforeName =
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass(Sampler.class)
public class ServiceTracingAutoConfiguration {

  /** The span attribute carrying the call's request id. */
  public static final String REQUEST_ID = "hutong.request_id";

  private static final String EXPORT = "management.tracing.export.enabled";

  /** With export off nothing is recorded: Boot's own sampler would keep one span in ten. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBooleanProperty(name = EXPORT, havingValue = false)
  Sampler tracingOffSampler() {
    return Sampler.alwaysOff();
  }

  /** The request id on the servlet services' server spans, when traces are exported. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnBooleanProperty(name = EXPORT, matchIfMissing = true)
  static class RequestIdAttribute {

    @Bean
    ObservationFilter requestIdOnServerSpans() {
      return context -> {
        if (context instanceof ServerRequestObservationContext server
            && server.getCarrier() instanceof HttpServletRequest request) {
          context.addHighCardinalityKeyValue(
              io.micrometer.common.KeyValue.of(REQUEST_ID, RequestIds.of(request)));
        }
        return context;
      };
    }
  }
}
