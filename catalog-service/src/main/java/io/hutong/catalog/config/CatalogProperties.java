package io.hutong.catalog.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the catalogue service, under {@code hutong.catalog}.
 *
 * @param kafkaHealthTimeout how long the health check waits for Kafka to describe its cluster
 *     before reporting DOWN
 */
@Validated
@ConfigurationProperties("hutong.catalog")
public record CatalogProperties(@NotNull @DefaultValue("2s") Duration kafkaHealthTimeout) {}
