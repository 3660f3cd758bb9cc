package io.hutong.deploy.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayRoutesTest {

  @Test
  void oneInstanceEach_isRoutedStraightToItsPort() {
    Map<String, String> routes = Platform.gatewayRoutes(PlatformService.all());

    assertThat(routes)
        .containsEntry("hutong.gateway.catalog-uri", "http://localhost:8081")
        .containsEntry("hutong.gateway.exchange-uri", "http://localhost:8082")
        .containsEntry("hutong.gateway.audit-uri", "http://localhost:8083")
        .containsEntry("hutong.gateway.console-uri", "http://localhost:8084");
    assertThat(routes.keySet()).noneMatch(key -> key.startsWith("spring.cloud.discovery"));
  }

  @Test
  void twoInstancesEach_areBalancedByName_overTheirListedInstances() {
    List<PlatformService> cluster = PlatformService.twoOfEach(PlatformService.all(), p -> p + 10);

    Map<String, String> routes = Platform.gatewayRoutes(cluster);

    assertThat(routes)
        .containsEntry("hutong.gateway.exchange-uri", "lb://exchange-service")
        .containsEntry(
            "spring.cloud.discovery.client.simple.instances.exchange-service[0].uri",
            "http://localhost:8082")
        .containsEntry(
            "spring.cloud.discovery.client.simple.instances.exchange-service[1].uri",
            "http://localhost:8092")
        .containsEntry(
            "spring.cloud.discovery.client.simple.instances.exchange-service[1].instance-id",
            "exchange-service-2")
        .containsEntry("hutong.gateway.console-uri", "lb://console")
        .containsEntry(
            "spring.cloud.discovery.client.simple.instances.console[1].instance-id", "console-2");
    assertThat(routes.keySet()).noneMatch(key -> key.contains("gateway["));
  }

  @Test
  void theClusterShape_runsTheGatewayOnceAndEverythingElseTwice() {
    List<PlatformService> cluster = PlatformService.twoOfEach(PlatformService.all(), p -> p + 10);

    assertThat(cluster.stream().map(PlatformService::processName))
        .containsExactly(
            "catalog-service",
            "catalog-service-2",
            "exchange-service",
            "exchange-service-2",
            "audit-service",
            "audit-service-2",
            "gateway",
            "console",
            "console-2");
    assertThat(cluster.stream().map(PlatformService::port)).doesNotHaveDuplicates();
  }
}
