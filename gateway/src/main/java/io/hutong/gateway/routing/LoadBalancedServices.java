package io.hutong.gateway.routing;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/**
 * How the gateway picks among several instances of a service: round robin over the healthy ones in
 * a stable order ({@link HealthyInstances}); the console adds its sticky sign-ins on top ({@link
 * ConsoleInstances}).
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = HealthyInstances.class)
class LoadBalancedServices {}
