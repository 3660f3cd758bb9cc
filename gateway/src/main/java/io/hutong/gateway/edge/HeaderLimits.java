package io.hutong.gateway.edge;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Longest value, in characters, of the headers the gateway or a service acts on, under {@code
 * hutong.gateway.header-limits}. A longer value is refused with 431 before anything reads it; the
 * whole header block stays limited by {@code server.max-http-request-header-size}.
 *
 * @param authorization {@code Authorization} (a Keycloak access token and its scheme)
 * @param requestId {@code X-Request-Id} (the request-id grammar allows 100)
 * @param idempotencyKey {@code Idempotency-Key} (the exchange accepts 1 to 200 characters)
 * @param lastEventId {@code Last-Event-ID} (an exchange cursor)
 */
@Validated
@ConfigurationProperties("hutong.gateway.header-limits")
public record HeaderLimits(
    @Min(64) @Max(65_536) @DefaultValue("6144") int authorization,
    @Min(1) @Max(1024) @DefaultValue("100") int requestId,
    @Min(1) @Max(1024) @DefaultValue("200") int idempotencyKey,
    @Min(1) @Max(8192) @DefaultValue("1024") int lastEventId) {}
