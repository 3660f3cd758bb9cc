package io.hutong.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway forwards, under {@code hutong.gateway}.
 *
 * @param catalogUri base URI of catalog-service ({@code /api/catalog/**})
 * @param exchangeUri base URI of exchange-service ({@code /api/exchange/**})
 * @param auditUri base URI of audit-service ({@code /api/audit/**})
 * @param consoleUri base URI of the web console ({@code /console/**}); the console logs people in
 *     itself, so that route needs no token
 * @param maxRequestSize largest request body forwarded; larger ones get 413
 * @param corsAllowedOrigins origins of browser consoles allowed to call the API (CORS); patterns
 *     such as {@code http://localhost:*} are accepted
 */
@Validated
@ConfigurationProperties("hutong.gateway")
public record GatewayProperties(
    @NotNull @DefaultValue("http://localhost:8081") URI catalogUri,
    @NotNull @DefaultValue("http://localhost:8082") URI exchangeUri,
    @NotNull @DefaultValue("http://localhost:8083") URI auditUri,
    @NotNull @DefaultValue("http://localhost:8084") URI consoleUri,
    @NotNull @DefaultValue("8MB") DataSize maxRequestSize,
    @NotNull @DefaultValue("http://localhost:*,http://127.0.0.1:*")
        java.util.List<String> corsAllowedOrigins) {}
