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

  /** Starts every service on its usual port, in parallel, and waits until all report UP. */
  public static Platform start(
      Path projectDir, Path dataDir, Infrastructure infrastructure, PidFile pids) {
    return start(projectDir, dataDir, infrastructure, pids, PlatformService.all());
  }

  /**
   * Starts {@code services} (the four, each on the port it carries) in parallel; the gateway routes
   * to the ports given here. Waits until all report UP.
   */
  public static Platform start(
      Path projectDir,
      Path dataDir,
      Infrastructure infrastructure,
      PidFile pids,
      List<PlatformService> services) {
    for (PlatformService service : services) {
      if (!Files.exists(service.jar(projectDir))) {
        throw new IllegalStateException(
            service.jar(projectDir) + " is missing: build first (./hutong build)");
      }
    }
    Map<PlatformService, ChildProcess> processes = new LinkedHashMap<>();
    for (PlatformService service : services) {
      ChildProcess process =
          ServiceProcess.start(
              service.name(),
              service.jar(projectDir),
              service.port(),
              properties(service, infrastructure, services),
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
                                      Duration.ofSeconds(180))))
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

  /** The process of the service called {@code name}. */
  public ChildProcess process(String name) {
    return processes.entrySet().stream()
        .filter(e -> e.getKey().name().equals(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no such service: " + name));
  }

  /** The port the service called {@code name} listens on. */
  public int port(String name) {
    return processes.keySet().stream()
        .filter(s -> s.name().equals(name))
        .mapToInt(PlatformService::port)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no such service: " + name));
  }

  private static Map<String, String> properties(
      PlatformService service, Infrastructure infrastructure, List<PlatformService> services) {
    Map<String, String> properties =
        new LinkedHashMap<>(
            service
                .database()
                .map(infrastructure::springProperties)
                .orElseGet(infrastructure::messagingAndIdentityProperties));
    // By name: a service may run on another port than its usual one.
    if (service.name().equals(PlatformService.GATEWAY.name())) {
      for (PlatformService backend : services) {
        if (!backend.name().equals(service.name())) {
          properties.put(
              "hutong.gateway." + backend.name().replace("-service", "") + "-uri",
              backend.baseUrl());
        }
      }
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
