package io.hutong.service;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What a Hutong service tells the shared platform wiring about itself, under {@code
 * hutong.service}.
 *
 * @param name the service's name in audit events and logs, e.g. {@code catalog-service}
 * @param apiPrefix the versioned prefix of its API, e.g. {@code /api/catalog/v1}; {@code /me} and
 *     the OpenAPI description live under it
 * @param title the API's title in its OpenAPI description
 * @param description one paragraph on what the API is for, in its OpenAPI description
 * @param maxRequestSize largest request body accepted; larger ones get 413 before they are read
 * @param kafkaHealthTimeout how long the health check waits for Kafka before reporting DOWN
 * @param topics shared topics the service writes and therefore declares at start-up, by name (each
 *     must be one the {@code schemas} module specifies)
 * @param audit how the service's audit events are delivered when no sink of its own is declared
 */
@Validated
@ConfigurationProperties("hutong.service")
public record ServiceProperties(
    @NotBlank String name,
    @NotBlank @Pattern(regexp = "/api/[a-z]+/v[0-9]+") String apiPrefix,
    @NotBlank String title,
    @NotNull @DefaultValue("") String description,
    @NotNull @DefaultValue("8MB") DataSize maxRequestSize,
    @NotNull @DefaultValue("2s") Duration kafkaHealthTimeout,
    @NotNull @DefaultValue List<String> topics,
    @Valid @NotNull @DefaultValue Audit audit) {

  /**
   * The default audit sink (a Kafka producer).
   *
   * @param waitForAcknowledgement whether an allowed call waits for Kafka to acknowledge its event
   *     and is refused (503) when it cannot be recorded; the audit service's own queries do
   * @param timeout how long that wait may take
   */
  public record Audit(
      @DefaultValue("false") boolean waitForAcknowledgement,
      @NotNull @DefaultValue("5s") Duration timeout) {}
}
