package io.hutong.gateway.ratelimit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The limit on failed authentications per source address, under {@code
 * hutong.gateway.unauthenticated-limit} (see {@link AddressLimiter}).
 *
 * @param enabled false turns the limit off (a deployment behind a proxy that hides addresses)
 * @param requestsPerSecond failed authentications an address may cause each second, sustained
 * @param burst failed authentications an address may cause at once after being quiet
 * @param maxAddresses addresses tracked at once; beyond it, quiet addresses are forgotten first
 */
@Validated
@ConfigurationProperties("hutong.gateway.unauthenticated-limit")
public record UnauthenticatedLimitProperties(
    @DefaultValue("true") boolean enabled,
    @Positive @DefaultValue("10") double requestsPerSecond,
    @Min(1) @DefaultValue("50") int burst,
    @Min(100) @DefaultValue("100000") int maxAddresses) {}
