package io.hutong.deploy.platform;

import io.hutong.deploy.server.ServiceDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One of Hutong's Spring Boot applications, as the run command starts it.
 *
 * @param name the module, jar and process name
 * @param port the HTTP port
 * @param database its own database login, if it has one
 * @param messaging whether it talks to Kafka (the web console does not)
 * @param contextPath the path it serves under ({@code /console} for the console, else empty)
 * @param instance which instance of the service this is, from 1 (a cluster runs two of each behind
 *     the gateway)
 */
public record PlatformService(
    String name,
    int port,
    Optional<ServiceDatabase> database,
    boolean messaging,
    String contextPath,
    int instance) {

  PlatformService(
      String name,
      int port,
      Optional<ServiceDatabase> database,
      boolean messaging,
      String contextPath) {
    this(name, port, database, messaging, contextPath, 1);
  }

  public static final PlatformService CATALOG =
      new PlatformService("catalog-service", 8081, Optional.of(ServiceDatabase.CATALOG), true, "");
  public static final PlatformService EXCHANGE =
      new PlatformService(
          "exchange-service", 8082, Optional.of(ServiceDatabase.EXCHANGE), true, "");
  public static final PlatformService AUDIT =
      new PlatformService("audit-service", 8083, Optional.of(ServiceDatabase.AUDIT), true, "");
  public static final PlatformService GATEWAY =
      new PlatformService("gateway", 8080, Optional.of(ServiceDatabase.GATEWAY), true, "");

  /**
   * The web console: no database, no Kafka; it logs people in with Keycloak and calls the API
   * through the gateway.
   */
  public static final PlatformService CONSOLE =
      new PlatformService("console", 8084, Optional.empty(), false, "/console");

  /** All five, backends first, the console last. */
  public static List<PlatformService> all() {
    return List.of(CATALOG, EXCHANGE, AUDIT, GATEWAY, CONSOLE);
  }

  /** The executable jar the module's build produces. */
  public Path jar(Path projectDir) {
    return projectDir.resolve(name).resolve("target").resolve(name + ".jar");
  }

  /**
   * The services of a cluster: the gateway once (the one entry point), every other service twice,
   * the second instance on {@code secondPort.applyAsInt(first)}.
   */
  public static List<PlatformService> twoOfEach(
      List<PlatformService> services, java.util.function.IntUnaryOperator secondPort) {
    List<PlatformService> all = new java.util.ArrayList<>();
    for (PlatformService service : services) {
      all.add(service);
      if (!service.name().equals(GATEWAY.name())) {
        all.add(
            new PlatformService(
                service.name,
                secondPort.applyAsInt(service.port),
                service.database,
                service.messaging,
                service.contextPath,
                2));
      }
    }
    return List.copyOf(all);
  }

  /** The same service on another port (tests run beside a local stack on free ports). */
  public PlatformService withPort(int otherPort) {
    return new PlatformService(name, otherPort, database, messaging, contextPath, instance);
  }

  /**
   * The process's name: the module's for the first instance ({@code catalog-service}), with the
   * instance number after it for further ones ({@code catalog-service-2}).
   */
  public String processName() {
    return instance == 1 ? name : name + "-" + instance;
  }

  /** Where it listens, with its context path. */
  public String baseUrl() {
    return "http://localhost:" + port + contextPath;
  }

  /** Its health endpoint. */
  public String healthUrl() {
    return baseUrl() + "/actuator/health";
  }
}
