package io.hutong.deploy.platform;

import io.hutong.deploy.server.ServiceDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One of Hutong's four Spring Boot services, as the run command starts it. */
public record PlatformService(String name, int port, Optional<ServiceDatabase> database) {

  public static final PlatformService CATALOG =
      new PlatformService("catalog-service", 8081, Optional.of(ServiceDatabase.CATALOG));
  public static final PlatformService EXCHANGE =
      new PlatformService("exchange-service", 8082, Optional.of(ServiceDatabase.EXCHANGE));
  public static final PlatformService AUDIT =
      new PlatformService("audit-service", 8083, Optional.of(ServiceDatabase.AUDIT));
  public static final PlatformService GATEWAY =
      new PlatformService("gateway", 8080, Optional.of(ServiceDatabase.GATEWAY));

  /** All four, backends first. */
  public static List<PlatformService> all() {
    return List.of(CATALOG, EXCHANGE, AUDIT, GATEWAY);
  }

  /** The executable jar the module's build produces. */
  public Path jar(Path projectDir) {
    return projectDir.resolve(name).resolve("target").resolve(name + ".jar");
  }

  /** The same service on another port (tests run beside a local stack on free ports). */
  public PlatformService withPort(int otherPort) {
    return new PlatformService(name, otherPort, database);
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }
}
