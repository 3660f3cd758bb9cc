package io.hutong.gateway.routing;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The instance list of every service the gateway balances over ({@code lb://}), built in each
 * service's load-balancer context ({@link LoadBalancedServices}): the configured instances, only
 * those whose readiness check answered UP in the last complete round, in instance-id order. Not a
 * component: scanned into the gateway's main context it would be a bean of its own there.
 */
class HealthyInstances {

  /** Unless the service's own configuration built its list (the console's, sticky). */
  @Bean
  @ConditionalOnMissingBean
  ServiceInstanceListSupplier healthyInstanceList(ConfigurableApplicationContext context) {
    return ServiceInstanceListSupplier.builder()
        .withDiscoveryClient()
        .withHealthChecks()
        .with((ctx, delegate) -> new InstancesInOrder(delegate))
        .build(context);
  }
}
