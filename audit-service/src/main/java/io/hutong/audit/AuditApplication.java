package io.hutong.audit;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The audit log: consumes every access decision from {@code hutong.audit.events} into an
 * append-only Merkle tree and serves auditors search, proofs and export. Owns PostgreSQL schema
 * {@code audit}; no other service writes it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AuditApplication {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  public static void main(String[] args) {
    SpringApplication.run(AuditApplication.class, args);
  }
}
