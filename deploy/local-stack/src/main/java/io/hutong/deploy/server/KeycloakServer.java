package io.hutong.deploy.server;

import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.process.JavaCommand;
import io.hutong.deploy.process.Supervised;
import io.hutong.deploy.process.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Keycloak from its Maven Central distribution ({@code org.keycloak:keycloak-quarkus-dist}), with
 * realm {@code hutong} imported from the committed realm JSON. It runs the distribution built once
 * per machine ({@link KeycloakDistribution}) in production mode with {@code --optimized}, which
 * starts in about half the time of dev mode; storage is Keycloak's file database in {@code
 * <dataDir>/keycloak}. An existing realm is kept (Keycloak skips it on import); {@code --fresh}
 * starts from the JSON again.
 *
 * <p>Its hostname is fixed to {@code http://localhost:<port>} (Keycloak's v2 {@code --hostname}),
 * so every token carries the same {@code iss} whichever local address the client used to fetch it;
 * without it, a token fetched from {@code 127.0.0.1} was refused by services expecting {@code
 * localhost}.
 */
public final class KeycloakServer implements Supervised, AutoCloseable {

  /** The realm every Hutong token comes from. */
  public static final String REALM = "hutong";

  /** Audience every Hutong token carries (realm JSON's audience mapper). */
  public static final String AUDIENCE = "hutong-api";

  private static final String REALM_RESOURCE = "/keycloak/hutong-realm.json";

  private final int port;
  private final Path home;
  private final Path logFile;
  private final String adminPassword;
  private final Map<String, String> realmVariables;
  private volatile ChildProcess process;

  private KeycloakServer(
      int port, Path home, Path logFile, String adminPassword, Map<String, String> realmVariables) {
    this.port = port;
    this.home = home;
    this.logFile = logFile;
    this.adminPassword = adminPassword;
    this.realmVariables = Map.copyOf(realmVariables);
  }

  /**
   * Copies the prepared distribution into {@code dataDir} if needed, starts Keycloak on {@code
   * port} and waits until realm {@code hutong} answers. {@code realmVariables} fill the realm
   * JSON's {@code ${...}} placeholders (the platform services' generated client secrets) when the
   * realm is first imported; the bootstrap admin's password is the installation's {@code
   * keycloak.admin} secret.
   */
  public static KeycloakServer start(
      Path dataDir,
      int port,
      String version,
      InstallationSecrets secrets,
      Map<String, String> realmVariables) {
    Path home = dataDir.resolve("keycloak").resolve("keycloak-" + version);
    KeycloakDistribution.install(version, home);
    installRealm(home);
    KeycloakServer server =
        new KeycloakServer(
            port,
            home,
            dataDir.resolve("logs").resolve("keycloak.log"),
            secrets.password("keycloak.admin"),
            realmVariables);
    server.launch();
    return server;
  }

  /** The issuer of realm {@code hutong} on a Keycloak at {@code localhost:port}. */
  public static String issuer(int port) {
    return "http://localhost:" + port + "/realms/" + REALM;
  }

  /** Password of the bootstrap admin {@code admin} of realm {@code master}. */
  public String adminPassword() {
    return adminPassword;
  }

  @Override
  public String name() {
    return "keycloak";
  }

  /** Starts Keycloak again on the same port and data (realm, keys and users are kept). */
  @Override
  public synchronized void restart() {
    ChildProcess old = process;
    if (old != null && old.isAlive()) {
      old.stop(Duration.ofSeconds(20));
    }
    launch();
  }

  private synchronized void launch() {
    List<String> command =
        List.of(
            home.resolve("bin/kc.sh").toString(),
            "start",
            "--optimized",
            "--http-enabled=true",
            "--http-port=" + port,
            "--http-host=127.0.0.1",
            "--hostname=" + url(),
            "--http-management-port=" + FreePorts.next(),
            "--import-realm",
            "--log-level=WARN,org.keycloak.services:INFO,io.quarkus:INFO");
    Map<String, String> env = new java.util.HashMap<>(realmVariables);
    env.put("JAVA_HOME", JavaCommand.javaHome());
    env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    // Used only on the first start (a new database); generated per installation.
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
    ChildProcess started = ChildProcess.start(name(), command, env, home, logFile);
    process = started;
    Wait.until(
        "Keycloak realm " + REALM + " on port " + port,
        Duration.ofSeconds(180),
        Duration.ofMillis(250),
        this::realmReady,
        started::requireAlive);
  }

  public int port() {
    return port;
  }

  @Override
  public ChildProcess process() {
    return process;
  }

  public String url() {
    return "http://localhost:" + port;
  }

  /** The {@code iss} of every token of realm {@code hutong}. */
  public String issuer() {
    return issuer(port);
  }

  public String jwkSetUri() {
    return issuer() + "/protocol/openid-connect/certs";
  }

  public String tokenUri() {
    return issuer() + "/protocol/openid-connect/token";
  }

  /**
   * The token endpoint reached through {@code host} (e.g. {@code 127.0.0.1}) instead of {@code
   * localhost}; tokens from it carry the same {@link #issuer()}.
   */
  public String tokenUri(String host) {
    return "http://" + host + ":" + port + "/realms/" + REALM + "/protocol/openid-connect/token";
  }

  private boolean realmReady() {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
              .timeout(Duration.ofSeconds(2))
              .build();
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void installRealm(Path home) {
    Path target = home.resolve("data/import/hutong-realm.json");
    try (InputStream realm = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
      if (realm == null) {
        throw new IllegalStateException("realm JSON missing from the classpath: " + REALM_RESOURCE);
      }
      Files.createDirectories(target.getParent());
      Files.copy(realm, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    ChildProcess running = process;
    if (running != null) {
      running.stop(Duration.ofSeconds(20));
    }
  }
}
