package io.hutong.deploy;

import io.hutong.deploy.platform.Platform;
import io.hutong.deploy.platform.PlatformService;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.KafkaBroker;
import java.nio.file.Path;
import java.util.Map;

/** What the run command prints once everything is up: endpoints, memory, and a first call. */
final class Banner {

  private Banner() {}

  static String render(
      Infrastructure infra, Platform platform, double seconds, Path dataDir, Path scrapeConfig) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%nHutong is up in %.1f s. Ctrl-C stops everything.%n%n", seconds));
    out.append(
        "  RSS: the process itself. PSS: it and its children, shared pages split fairly.\n\n");
    out.append(
        String.format(
            "  %-18s %-40s %8s %8s %8s%n", "process", "endpoint", "pid", "RSS MB", "PSS MB"));
    long[] totalKb = new long[2];
    row(
        out,
        totalKb,
        "postgresql",
        infra.postgres().jdbcUrl(),
        infra.postgres().process().handle());
    for (KafkaBroker broker : infra.kafkaBrokers()) {
      row(
          out,
          totalKb,
          broker.name(),
          "localhost:" + broker.port() + " (SASL_SSL)",
          broker.process().handle());
    }
    row(out, totalKb, "keycloak", infra.keycloak().url(), keycloakJava(infra));
    for (Map.Entry<PlatformService, ChildProcess> e : platform.processes().entrySet()) {
      row(out, totalKb, e.getKey().processName(), e.getKey().baseUrl(), e.getValue().handle());
    }
    out.append(
        String.format(
            "  %-18s %-40s %8s %8d %8d%n", "total", "", "", totalKb[0] / 1024, totalKb[1] / 1024));
    String gateway = PlatformService.GATEWAY.baseUrl();
    out.append(
        String.format(
            """

              Web console (in a browser): %s/console/
                log in as civil-affairs-admin / civil-affairs-admin-pass, auditor / auditor-pass,
                platform-admin / platform-admin-pass (Keycloak's login page)

              Secrets of this installation (owner-only): %s
                Keycloak admin console: user admin, password in keycloak.admin.
                Kafka's CLI tools as the operator: --command-config %s
              PostgreSQL runs %s.
              Every process is supervised: one that dies is restarted (see logs/supervisor.log).
              Logs: %s/logs
              Metrics: every instance's /actuator/prometheus, for the client hutong-monitoring
                (secret in the installation's secrets). A Prometheus that scrapes them all and loads
                the alert rules: prometheus --config.file=%s \\
                  --storage.tsdb.path=%s

              Get a token for the civil-affairs department system and make a first call:

                TOKEN=$(curl -s -d grant_type=client_credentials -d client_id=civil-affairs-system \\
                  -d client_secret=civil-affairs-system-secret \\
                  %s | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')
                curl -s -H "Authorization: Bearer $TOKEN" %s/api/catalog/v1/me

              A person (data-admin) instead: -d grant_type=password -d client_id=hutong-cli \\
                -d username=civil-affairs-admin -d password=civil-affairs-admin-pass
            """,
            gateway,
            infra.secrets().dir(),
            infra.kafka().security().operatorConfig(),
            infra.postgres().durability().describe(),
            dataDir,
            scrapeConfig,
            scrapeConfig.resolveSibling("data"),
            infra.keycloak().tokenUri(),
            gateway));
    return out.toString();
  }

  private static void row(
      StringBuilder out, long[] totalKb, String name, String endpoint, ProcessHandle handle) {
    if (handle != null) {
      totalKb[0] += ProcessMemory.residentKb(handle);
      totalKb[1] += ProcessMemory.proportionalKb(handle);
    }
    out.append(
        String.format(
            "  %-18s %-40s %8s %8s %8s%n",
            name,
            endpoint,
            handle == null ? "-" : handle.pid(),
            handle == null ? "-" : Long.toString(ProcessMemory.residentKb(handle) / 1024),
            handle == null ? "-" : Long.toString(ProcessMemory.proportionalKb(handle) / 1024)));
  }

  /** kc.sh may stay a shell that waits for its java child; the memory is in the child. */
  private static ProcessHandle keycloakJava(Infrastructure infra) {
    ProcessHandle script = infra.keycloak().process().handle();
    return script
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst()
        .orElse(script);
  }
}
