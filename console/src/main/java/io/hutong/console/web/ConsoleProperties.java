package io.hutong.console.web;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The console's settings, under {@code hutong.console}.
 *
 * @param gatewayUri where the console calls the platform's API (the gateway, so every call is
 *     authorised, rate-limited and audited like any other)
 * @param defaultTimeZone the time zone dates are shown in until the browser reports its own
 * @param pageSize how many rows a list page asks the API for
 */
@Validated
@ConfigurationProperties("hutong.console")
public record ConsoleProperties(
    @NotNull @DefaultValue("http://localhost:8080") URI gatewayUri,
    @NotNull @DefaultValue("Asia/Shanghai") ZoneId defaultTimeZone,
    @DefaultValue("20") int pageSize) {}
