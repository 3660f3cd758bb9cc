package io.hutong.catalog.config;

import io.hutong.catalog.access.WorkingDays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Working-day calendar for reply deadlines, and the scheduler for grant expiry. */
@Configuration
@EnableScheduling
class AccessConfig {

  @Bean
  WorkingDays workingDays(CatalogProperties properties) {
    CatalogProperties.Review review = properties.review();
    return new WorkingDays(review.zone(), review.holidays(), review.extraWorkingDays());
  }
}
