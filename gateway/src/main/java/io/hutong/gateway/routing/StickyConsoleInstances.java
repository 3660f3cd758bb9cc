package io.hutong.gateway.routing;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The console's instance list, built in the load balancer's own child context for {@code console}
 * ({@link ConsoleInstances}): healthy instances in instance-id order, the browser's own first.
 * Deliberately not a component: scanned into the gateway's main context it would apply to every
 * service.
 */
class StickyConsoleInstances {

  @Bean
  ServiceInstanceListSupplier consoleInstanceList(ConfigurableApplicationContext context) {
    return ServiceInstanceListSupplier.builder()
        .withDiscoveryClient()
        .withHealthChecks()
        .with((ctx, delegate) -> new InstancesInOrder(delegate))
        .withRequestBasedStickySession()
        .build(context);
  }
}
