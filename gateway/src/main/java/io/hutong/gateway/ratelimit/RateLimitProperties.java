package io.hutong.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-client request limits under {@code hutong.gateway.rate-limit}. A client is the caller a token
 * names (a department system's client id, a person's user name); every gateway instance draws from
 * the same bucket of a client, kept in PostgreSQL.
 *
 * @param enabled false turns rate limiting off (tests of other concerns, a trusted deployment)
 * @param requestsPerSecond sustained rate allowed to a client without an entry in {@code clients}
 * @param burst requests a client may send at once after being idle
 * @param clients limits of particular clients, by name (e.g. a department system that publishes all
 *     day)
 * @param lease how much of a second's allowance an instance takes from the shared bucket at once
 *     (fewer round trips to PostgreSQL; a lease not used within a second is given up)
 */
@Validated
@ConfigurationProperties("hutong.gateway.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @Positive @DefaultValue("100") double requestsPerSecond,
    @Min(1) @DefaultValue("200") int burst,
    @NotNull @DefaultValue Map<String, @Valid Limit> clients,
    @NotNull @DefaultValue("50ms") Duration lease) {

  /** One client's limit. */
  public record Limit(@Positive double requestsPerSecond, @Min(1) @Max(1_000_000) int burst) {}

  Limit limitOf(String client) {
    Limit own = clients.get(client);
    return own != null ? own : new Limit(requestsPerSecond, burst);
  }
}
