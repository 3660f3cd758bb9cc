package io.hutong.deploy.platform;

import io.hutong.deploy.process.Backoff;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.PidFile;
import io.hutong.deploy.process.Supervised;
import io.hutong.deploy.process.Supervisor;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.KafkaAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the services and the web console as separate JVMs from their built jars, pointed at a
 * running {@link Infrastructure}, and waits until each reports health UP. Each service can be
 * started again with the same jar, port and properties, so a {@link Supervisor} can bring a dead
 * one back. Stopping is graceful and takes every process down.
 */
public final class Platform implements AutoCloseable {

  private final List<RunningService> services;

  private Platform(List<RunningService> services) {
    this.services = services;
  }

  /** Starts every service on its usual port, in parallel, and waits until all report UP. */
  public static Platform start(
      Path projectDir, Path dataDir, Infrastructure infrastructure, PidFile pids) {
    return start(projectDir, dataDir, infrastructure, pids, PlatformService.all());
  }

  /**
   * Starts {@code services} (each on the port it carries) in parallel; the gateway routes to the
   * ports given here. Waits until all report UP.
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
    List<RunningService> running = new ArrayList<>();
    for (PlatformService service : services) {
      RunningService instance =
          new RunningService(
              service,
              service.jar(projectDir),
              properties(service, infrastructure, services),
              dataDir);
      pids.record(service.processName(), instance.launch().handle());
      running.add(instance);
    }
    Platform platform = new Platform(List.copyOf(running));
    try {
      CompletableFuture.allOf(
              running.stream()
                  .map(instance -> CompletableFuture.runAsync(instance::awaitHealthy))
                  .toArray(CompletableFuture[]::new))
          .join();
      return platform;
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  /** The current process of every service instance, in start order. */
  public Map<PlatformService, ChildProcess> processes() {
    Map<PlatformService, ChildProcess> processes = new LinkedHashMap<>();
    services.forEach(instance -> processes.put(instance.service(), instance.process()));
    return processes;
  }

  /** The services as units a {@link Supervisor} can restart. */
  public List<Supervised> supervised() {
    return List.copyOf(services);
  }

  /**
   * Supervises {@code infrastructure}'s three servers and these services — what the run command
   * does once everything is up, and what failure tests use to check it.
   */
  public Supervisor supervise(Infrastructure infrastructure, Path logFile, PidFile pids) {
    List<Supervised> children = new ArrayList<>(infrastructure.supervised());
    children.addAll(services);
    return Supervisor.start(children, Backoff.DEFAULT, logFile, pids);
  }

  /**
   * The process of the service instance called {@code name} ({@link PlatformService#processName()}:
   * {@code exchange-service}, {@code exchange-service-2}).
   */
  public ChildProcess process(String name) {
    return services.stream()
        .filter(instance -> instance.name().equals(name))
        .map(RunningService::process)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no such service: " + name));
  }

  /** The port the service instance called {@code name} listens on. */
  public int port(String name) {
    return services.stream()
        .map(RunningService::service)
        .filter(s -> s.processName().equals(name))
        .mapToInt(PlatformService::port)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no such service: " + name));
  }

  private static Map<String, String> properties(
      PlatformService service, Infrastructure infrastructure, List<PlatformService> services) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (service.database().isPresent()) {
      properties.putAll(infrastructure.springProperties(service.database().get()));
    } else if (service.messaging()) {
      properties.putAll(
          infrastructure.messagingAndIdentityProperties(
              KafkaAccess.Service.forProcess(service.name())));
    }
    // By name: a service may run on another port than its usual one.
    if (service.name().equals(PlatformService.GATEWAY.name())) {
      properties.putAll(gatewayRoutes(services));
    }
    if (service.name().equals(PlatformService.CONSOLE.name())) {
      properties.putAll(infrastructure.consoleProperties());
      if (services.stream().filter(s -> s.name().equals(service.name())).count() > 1) {
        // Named in the cookie that keeps a browser on the instance holding its sign-in.
        properties.put("hutong.console.instance-id", service.processName());
      }
      services.stream()
          .filter(s -> s.name().equals(PlatformService.GATEWAY.name()))
          .findFirst()
          .ifPresent(gateway -> properties.put("hutong.console.gateway-uri", gateway.baseUrl()));
    }
    return properties;
  }

  /**
   * Where the gateway sends each backend: straight to its one instance, or, when it runs several,
   * to {@code lb://<name>} — Spring Cloud LoadBalancer over the instance list given here, each
   * instance health-checked (the gateway's configuration says how often).
   */
  static Map<String, String> gatewayRoutes(List<PlatformService> services) {
    Map<String, List<PlatformService>> backends = new LinkedHashMap<>();
    for (PlatformService backend : services) {
      if (!backend.name().equals(PlatformService.GATEWAY.name())) {
        backends.computeIfAbsent(backend.name(), name -> new ArrayList<>()).add(backend);
      }
    }
    Map<String, String> properties = new LinkedHashMap<>();
    backends.forEach(
        (name, instances) -> {
          String route = "hutong.gateway." + name.replace("-service", "") + "-uri";
          if (instances.size() == 1) {
            // Paths are forwarded unchanged, so the route's target is the bare host and port.
            properties.put(route, "http://localhost:" + instances.getFirst().port());
            return;
          }
          properties.put(route, "lb://" + name);
          for (int i = 0; i < instances.size(); i++) {
            String instance =
                "spring.cloud.discovery.client.simple.instances." + name + "[" + i + "]";
            properties.put(instance + ".uri", "http://localhost:" + instances.get(i).port());
            properties.put(instance + ".instance-id", instances.get(i).processName());
          }
        });
    return properties;
  }

  /** Stops the services, gateway first. */
  @Override
  public void close() {
    List<ChildProcess> reversed = new ArrayList<>(processes().values());
    Collections.reverse(reversed);
    reversed.parallelStream().forEach(p -> p.stop(Duration.ofSeconds(20)));
  }
}
