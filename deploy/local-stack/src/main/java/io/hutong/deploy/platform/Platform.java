package io.hutong.deploy.platform;

import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.JavaCommand;
import io.hutong.deploy.process.PidFile;
import io.hutong.deploy.process.Wait;
import io.hutong.deploy.server.Infrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
          ChildProcess.start(
              service.name(),
              command(projectDir, service, infrastructure),
              Map.of(),
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
                      e -> CompletableFuture.runAsync(() -> awaitHealthy(e.getKey(), e.getValue())))
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

  private static List<String> command(
      Path projectDir, PlatformService service, Infrastructure infrastructure) {
    List<String> command = new ArrayList<>();
    command.add(JavaCommand.javaBinary());
    command.add("-Xms64m");
    command.add("-Xmx512m");
    command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.hutong.schemas");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-jar");
    command.add(service.jar(projectDir).toString());
    command.add("--server.port=" + service.port());
    Map<String, String> properties =
        service
            .database()
            .map(infrastructure::springProperties)
            .orElseGet(infrastructure::messagingAndIdentityProperties);
    properties.forEach((key, value) -> command.add("--" + key + "=" + value));
    if (service.equals(PlatformService.GATEWAY)) {
      command.add("--hutong.gateway.catalog-uri=" + PlatformService.CATALOG.baseUrl());
      command.add("--hutong.gateway.exchange-uri=" + PlatformService.EXCHANGE.baseUrl());
      command.add("--hutong.gateway.audit-uri=" + PlatformService.AUDIT.baseUrl());
    }
    return command;
  }

  private static void awaitHealthy(PlatformService service, ChildProcess process) {
    try (HttpClient client = HttpClient.newHttpClient()) {
      Wait.until(
          service.name() + " health",
          Duration.ofSeconds(120),
          Duration.ofMillis(300),
          () -> isUp(client, service),
          process::requireAlive);
    }
  }

  private static boolean isUp(HttpClient client, PlatformService service) {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops the services, gateway first. */
  @Override
  public void close() {
    List<ChildProcess> reversed = new ArrayList<>(processes.values());
    java.util.Collections.reverse(reversed);
    reversed.parallelStream().forEach(p -> p.stop(Duration.ofSeconds(20)));
  }
}
