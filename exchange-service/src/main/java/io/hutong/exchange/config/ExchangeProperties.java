package io.hutong.exchange.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the exchange, under {@code hutong.exchange}.
 *
 * @param kafkaHealthTimeout how long the health check waits for Kafka to describe its cluster
 *     before reporting DOWN
 */
@Validated
@ConfigurationProperties("hutong.exchange")
public record ExchangeProperties(@NotNull @DefaultValue("2s") Duration kafkaHealthTimeout) {}
