package io.hutong.deploy.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.platform.PlatformService;
import io.hutong.deploy.platform.ScrapeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scrape configuration the local stack writes is one Prometheus accepts, for every instance.
 */
class ScrapeConfigTest {

  @Test
  void theClusterShapesConfig_passesPromtool_andScrapesEveryInstance(@TempDir Path dir)
      throws Exception {
    Path secret = Files.writeString(dir.resolve("monitoring-secret"), "s3cret\n");
    Path rules = Path.of("").toAbsolutePath();
    for (Path d = rules; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("deploy/observability"))) {
        rules = d.resolve("deploy/observability/prometheus/hutong-alerts.yml");
        break;
      }
    }
    List<PlatformService> cluster = PlatformService.twoOfEach(PlatformService.all(), p -> p + 10);

    Path config =
        ScrapeConfig.write(
            dir,
            cluster,
            "hutong-monitoring",
            secret,
            "http://localhost:8180/realms/hutong/protocol/openid-connect/token",
            rules,
            5);

    Promtool.Result checked = Promtool.onPath().run(dir, "check", "config", config.toString());
    assertThat(checked.exitCode()).as(checked.output()).isZero();
    String yaml = Files.readString(config);
    for (PlatformService instance : cluster) {
      assertThat(yaml)
          .contains("\"localhost:" + instance.port() + "\"")
          .contains("process: " + instance.processName());
    }
    assertThat(yaml).contains("metrics_path: /console/actuator/prometheus");
    assertThat(yaml).doesNotContain("s3cret");
  }
}
