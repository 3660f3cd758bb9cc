package io.hutong.gateway.routing;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.context.annotation.Configuration;

/**
 * How the gateway picks among several web console instances: only healthy ones, as for every
 * service, and — because a person's sign-in lives in the instance that made it — the one the
 * browser's {@code sc-lb-instance-id} cookie names while it is healthy (the console sets that
 * cookie). The API services are stateless and need no such stickiness.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClient(name = "console", configuration = StickyConsoleInstances.class)
class ConsoleInstances {}
