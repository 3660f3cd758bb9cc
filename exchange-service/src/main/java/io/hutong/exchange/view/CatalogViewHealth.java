package io.hutong.exchange.view;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Not ready until the catalogue view has replayed: before that, grants would look absent. */
@Component("catalogViewHealthIndicator")
class CatalogViewHealth implements HealthIndicator {

  private final CatalogView view;

  CatalogViewHealth(CatalogView view) {
    this.view = view;
  }

  @Override
  public Health health() {
    return (view.replayed() ? Health.up() : Health.outOfService())
        .withDetail("replayed", view.replayed())
        .build();
  }
}
