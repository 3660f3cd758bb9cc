package io.hutong.deploy.platform;

import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.Supervised;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service of a {@link Platform} as a process that can be started again with exactly the same
 * jar, port and properties — what a {@link io.hutong.deploy.process.Supervisor} needs to bring a
 * dead service back.
 */
final class RunningService implements Supervised {

  private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(180);

  private final PlatformService service;
  private final Path jar;
  private final Map<String, String> properties;
  private final Path workDir;
  private volatile ChildProcess process;

  RunningService(PlatformService service, Path jar, Map<String, String> properties, Path workDir) {
    this.service = service;
    this.jar = jar;
    this.properties = Map.copyOf(properties);
    this.workDir = workDir;
  }

  /** Launches the process; does not wait. */
  synchronized ChildProcess launch() {
    process =
        ServiceProcess.start(
            service.processName(),
            jar,
            service.port(),
            properties,
            workDir,
            workDir.resolve("logs").resolve(service.processName() + ".log"),
            profiling(service.processName()));
    return process;
  }

  /**
   * A flight recording of the service when {@code -Dhutong.bench.jfr.<name>=<file>} is set (a
   * benchmark profiling one service); none otherwise.
   */
  private static List<String> profiling(String name) {
    String file = System.getProperty("hutong.bench.jfr." + name);
    return file == null || file.isBlank()
        ? List.of()
        : List.of("-XX:StartFlightRecording=settings=profile,filename=" + file);
  }

  /** Waits until the current process reports health UP. */
  void awaitHealthy() {
    ServiceProcess.awaitHealthy(
        service.processName(), service.healthUrl(), process, HEALTHY_TIMEOUT);
  }

  PlatformService service() {
    return service;
  }

  @Override
  public String name() {
    return service.processName();
  }

  @Override
  public ChildProcess process() {
    return process;
  }

  @Override
  public synchronized void restart() {
    ChildProcess old = process;
    if (old != null && old.isAlive()) {
      old.stop(Duration.ofSeconds(20));
    }
    launch();
    awaitHealthy();
  }
}
