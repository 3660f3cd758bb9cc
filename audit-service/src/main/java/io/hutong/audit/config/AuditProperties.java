package io.hutong.audit.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the audit service, under {@code hutong.audit}.
 *
 * @param kafkaHealthTimeout how long the health check waits for Kafka to describe its cluster
 *     before reporting DOWN
 */
@Validated
@ConfigurationProperties("hutong.audit")
public record AuditProperties(@NotNull @DefaultValue("2s") Duration kafkaHealthTimeout) {}
