package io.hutong.deploy.platform;

import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.JavaCommand;
import io.hutong.deploy.process.Wait;
import io.hutong.deploy.server.KafkaSecurity;
import io.hutong.schemas.json.JsonText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Hutong service running as its own JVM from its executable jar — how the run command starts
 * services, and how failure tests get a process they can SIGKILL.
 */
public final class ServiceProcess {

  private static final String TOKEN_ENDPOINT =
      "spring.kafka.properties.sasl.oauthbearer.token.endpoint.url";

  private ServiceProcess() {}

  /**
   * Starts {@code jar} on {@code port} with Spring {@code properties}; does not wait. The
   * properties, secrets among them, reach the process in its environment ({@code
   * SPRING_APPLICATION_JSON}), which only its owner can read, never on its command line, which
   * every local user can.
   */
  public static ChildProcess start(
      String name, Path jar, int port, Map<String, String> properties, Path workDir, Path logFile) {
    return start(name, jar, port, properties, workDir, logFile, List.of());
  }

  /** As {@link #start(String, Path, int, Map, Path, Path)}, with extra JVM options (profiling). */
  public static ChildProcess start(
      String name,
      Path jar,
      int port,
      Map<String, String> properties,
      Path workDir,
      Path logFile,
      List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(JavaCommand.javaBinary());
    command.add("-Xms64m");
    command.add("-Xmx512m");
    command.add("-XX:MaxGCPauseMillis=20");
    command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.hutong.schemas");
    command.add("--enable-native-access=ALL-UNNAMED");
    String tokenEndpoint = properties.get(TOKEN_ENDPOINT);
    if (tokenEndpoint != null) {
      command.add("-D" + KafkaSecurity.ALLOWED_URLS_PROPERTY + "=" + tokenEndpoint);
    }
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.add("--server.port=" + port);
    return ChildProcess.start(
        name,
        command,
        Map.of("SPRING_APPLICATION_JSON", JsonText.object(properties)),
        workDir,
        logFile);
  }

  /** Waits until {@code http://localhost:<port>/actuator/health} reports UP. */
  public static void awaitHealthy(String name, int port, ChildProcess process, Duration timeout) {
    awaitHealthy(name, "http://localhost:" + port + "/actuator/health", process, timeout);
  }

  /** Waits until {@code healthUrl} (the service's {@code /actuator/health}) reports UP. */
  public static void awaitHealthy(
      String name, String healthUrl, ChildProcess process, Duration timeout) {
    try (HttpClient client = HttpClient.newHttpClient()) {
      Wait.until(
          name + " health",
          timeout,
          Duration.ofMillis(300),
          () -> isUp(client, healthUrl),
          process::requireAlive);
    }
  }

  private static boolean isUp(HttpClient client, String healthUrl) {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(healthUrl)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
