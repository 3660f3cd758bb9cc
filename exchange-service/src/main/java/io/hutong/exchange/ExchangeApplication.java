package io.hutong.exchange;

import io.hutong.schemas.data.DataRecords;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The exchange: department systems publish records of their datasets and subscribe to datasets they
 * were granted, over REST, with Kafka underneath. Owns PostgreSQL schema {@code exchange} and
 * topics {@code hutong.data.<dataset-code>}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ExchangeApplication {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The data-topic wire format, with its encoders and decoders cached per schema. */
  @Bean
  DataRecords dataRecords() {
    return new DataRecords();
  }

  public static void main(String[] args) {
    SpringApplication.run(ExchangeApplication.class, args);
  }
}
