package io.hutong.deploy.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus configuration that scrapes a running platform: one job per service, every instance
 * of it a target (labelled with its process name), the platform's alert rules loaded, and each
 * scrape authenticated as the Keycloak client {@code hutong-monitoring} — the only caller the
 * services let read {@code /actuator/prometheus}. The run command writes it beside its data so an
 * operator can point a Prometheus at the local platform; the cluster tests start a real Prometheus
 * with it.
 */
public final class ScrapeConfig {

  private ScrapeConfig() {}

  /**
   * Writes {@code <dir>/prometheus.yml} for {@code services}, scraping every {@code interval}
   * seconds with the client {@code clientId} whose secret is in {@code secretFile}, tokens from
   * {@code tokenUri}, rules from {@code rules}; returns the file.
   */
  public static Path write(
      Path dir,
      List<PlatformService> services,
      String clientId,
      Path secretFile,
      String tokenUri,
      Path rules,
      int intervalSeconds) {
    Map<String, List<PlatformService>> jobs = new LinkedHashMap<>();
    for (PlatformService service : services) {
      jobs.computeIfAbsent(service.name(), name -> new ArrayList<>()).add(service);
    }
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Written by Hutong's local stack for this run: ports and secrets are its own.\n")
        .append("global:\n")
        .append("  scrape_interval: ")
        .append(intervalSeconds)
        .append("s\n")
        .append("  evaluation_interval: ")
        .append(intervalSeconds)
        .append("s\n")
        .append("rule_files:\n")
        .append("  - ")
        .append(quoted(rules.toAbsolutePath().toString()))
        .append('\n')
        .append("scrape_configs:\n");
    jobs.forEach(
        (job, instances) -> {
          yaml.append("  - job_name: ")
              .append(job)
              .append('\n')
              .append("    metrics_path: ")
              .append(instances.getFirst().contextPath())
              .append("/actuator/prometheus\n")
              .append("    oauth2:\n")
              .append("      client_id: ")
              .append(clientId)
              .append('\n')
              .append("      client_secret_file: ")
              .append(quoted(secretFile.toAbsolutePath().toString()))
              .append('\n')
              .append("      token_url: ")
              .append(quoted(tokenUri))
              .append('\n')
              .append("    static_configs:\n");
          for (PlatformService instance : instances) {
            yaml.append("      - targets: [\"localhost:")
                .append(instance.port())
                .append("\"]\n")
                .append("        labels: {process: ")
                .append(instance.processName())
                .append("}\n");
          }
        });
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("prometheus.yml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
