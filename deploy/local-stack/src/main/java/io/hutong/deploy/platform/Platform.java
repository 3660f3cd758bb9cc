package io.hutong.deploy.platform;

import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.PidFile;
import io.hutong.deploy.server.Infrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the four services as separate JVMs from their built jars, pointed at a running {@link
 * Infrastructure}, and waits until each reports health UP. Stopping is graceful and takes every
 * process down.
 */
public final class Platform implements AutoCloseable {

  private final Map<PlatformService, ChildProcess> processes;

  private Platform(Map<PlatformService, ChildProcess> processes) {
    this.processes = processes;
  }

  /** Starts every service in parallel and waits for all health endpoints to report UP. */
  public static Platform start(
      Path projectDir, Path dataDir, Infrastructure infrastructure, PidFile pids) {
    for (PlatformService service : PlatformService.all()) {
      if (!Files.exists(service.jar(projectDir))) {
        throw new IllegalStateException(
            service.jar(projectDir) + " is missing: build first (./hutong build)");
      }
    }
    Map<PlatformService, ChildProcess> processes = new LinkedHashMap<>();
    for (PlatformService service : PlatformService.all()) {
      ChildProcess process =
          ServiceProcess.start(
              service.name(),
              service.jar(projectDir),
              service.port(),
              properties(service, infrastructure),
              dataDir,
              dataDir.resolve("logs").resolve(service.name() + ".log"));
      pids.record(service.name(), process.handle());
      processes.put(service, process);
    }
    Platform platform = new Platform(processes);
    try {
      CompletableFuture.allOf(
              processes.entrySet().stream()
                  .map(
                      e ->
                          CompletableFuture.runAsync(
                              () ->
                                  ServiceProcess.awaitHealthy(
                                      e.getKey().name(),
                                      e.getKey().port(),
                                      e.getValue(),
                                      Duration.ofSeconds(120))))
                  .toArray(CompletableFuture[]::new))
          .join();
      return platform;
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  public Map<PlatformService, ChildProcess> processes() {
    return processes;
  }

  private static Map<String, String> properties(
      PlatformService service, Infrastructure infrastructure) {
    Map<String, String> properties =
        new LinkedHashMap<>(
            service
                .database()
                .map(infrastructure::springProperties)
                .orElseGet(infrastructure::messagingAndIdentityProperties));
    if (service.equals(PlatformService.GATEWAY)) {
      properties.put("hutong.gateway.catalog-uri", PlatformService.CATALOG.baseUrl());
      properties.put("hutong.gateway.exchange-uri", PlatformService.EXCHANGE.baseUrl());
      properties.put("hutong.gateway.audit-uri", PlatformService.AUDIT.baseUrl());
    }
    return properties;
  }

  /** Stops the services, gateway first. */
  @Override
  public void close() {
    List<ChildProcess> reversed = new ArrayList<>(processes.values());
    java.util.Collections.reverse(reversed);
    reversed.parallelStream().forEach(p -> p.stop(Duration.ofSeconds(20)));
  }
}
