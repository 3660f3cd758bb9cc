package io.hutong.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway over two instances of a service, configured as {@code ./hutong run --cluster} does
 * ({@code lb://catalog-service} over a fixed instance list, health-checked on readiness): calls
 * spread over the ready instances, an instance that reports itself unready gets none, and a read
 * sent to an instance that died since the last health check is answered by the other one. The
 * instances are recording HTTP servers standing in for catalog-service; the tokens are real.
 */
@ExtendWith(HutongStack.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancingIT {

  private static final Instance first = Instance.start("");
  private static final Instance second = Instance.start("");
  private static final Instance console1 = Instance.start("/console");
  private static final Instance console2 = Instance.start("/console");

  @DynamicPropertySource
  static void stack(DynamicPropertyRegistry registry) {
    HutongStack.infrastructure()
        .springProperties(io.hutong.deploy.server.ServiceDatabase.GATEWAY)
        .forEach((key, value) -> registry.add(key, () -> value));
    registry.add("hutong.gateway.catalog-uri", () -> "lb://catalog-service");
    List<Instance> instances = List.of(first, second);
    for (int i = 0; i < instances.size(); i++) {
      String instance = "spring.cloud.discovery.client.simple.instances.catalog-service[" + i + "]";
      Instance it = instances.get(i);
      String id = "catalog-service-" + (i + 1);
      registry.add(instance + ".uri", () -> "http://localhost:" + it.port());
      registry.add(instance + ".instance-id", () -> id);
    }
    registry.add("hutong.gateway.console-uri", () -> "lb://console");
    List<Instance> consoles = List.of(console1, console2);
    for (int i = 0; i < consoles.size(); i++) {
      String instance = "spring.cloud.discovery.client.simple.instances.console[" + i + "]";
      Instance it = consoles.get(i);
      String id = "console-" + (i + 1);
      registry.add(instance + ".uri", () -> "http://localhost:" + it.port());
      registry.add(instance + ".instance-id", () -> id);
    }
    for (String other : List.of("exchange", "audit")) {
      registry.add(
          "hutong.gateway." + other + "-uri", () -> "http://localhost:" + FreePorts.next());
    }
  }

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Tokens tokens = new Tokens(HutongStack.infrastructure().keycloak());

  @BeforeEach
  void bothReadyAndSeen() throws Exception {
    first.ready.set(true);
    second.ready.set(true);
    first.healthDelayMillis.set(0);
    second.healthDelayMillis.set(0);
    // The load balancer of a service, and its health checks every 2 s, start with the first call
    // routed to it; then wait until a round has seen both instances ready again.
    me();
    int checksFirst = first.healthChecks.get();
    int checksSecond = second.healthChecks.get();
    awaitUntil(
        () ->
            first.healthChecks.get() > checksFirst + 1
                && second.healthChecks.get() > checksSecond + 1);
    first.calls.set(0);
    second.calls.set(0);
  }

  @AfterAll
  static void stopInstances() {
    for (Instance instance : List.of(first, second, console1, console2)) {
      instance.server.stop(0);
    }
  }

  @Test
  @Order(1)
  void consecutiveCallsAlternateBetweenTheInstances() throws Exception {
    for (int i = 0; i < 40; i++) {
      assertThat(me().statusCode()).isEqualTo(200);
    }
    // Round robin over a list whose order does not change between health-check rounds: strictly
    // alternating, whatever order the checks answered in.
    assertThat(first.calls.get()).as("calls to the first instance").isEqualTo(20);
    assertThat(second.calls.get()).as("calls to the second instance").isEqualTo(20);
  }

  @Test
  @Order(2)
  void anInstanceSlowToAnswerItsHealthCheckKeepsItsShare() throws Exception {
    // A busy instance answers its readiness check late. The instance list is replaced once a round
    // of checks is complete, not grown as each answer arrives, so the slow one is never missing;
    // and it is kept in instance-id order, so the quick one answering first changes nothing.
    second.healthDelayMillis.set(1_500);
    for (int i = 0; i < 40; i++) {
      assertThat(me().statusCode()).isEqualTo(200);
      Thread.sleep(80);
    }
    assertThat(first.calls.get()).as("calls to the quick instance").isEqualTo(20);
    assertThat(second.calls.get()).as("calls to the slow instance").isEqualTo(20);
  }

  @Test
  @Order(3)
  void anInstanceThatIsNotReadyGetsNoCalls() throws Exception {
    first.ready.set(false);
    int checks = first.healthChecks.get();
    awaitUntil(() -> first.healthChecks.get() > checks + 1);
    for (int i = 0; i < 10; i++) {
      assertThat(me().statusCode()).isEqualTo(200);
    }
    assertThat(first.calls.get()).as("calls to the unready instance").isZero();
    assertThat(second.calls.get()).isEqualTo(10);
  }

  @Test
  @Order(4)
  void aBrowserStaysOnTheConsoleInstanceItsCookieNames() throws Exception {
    // The first page reaches some instance; the console then names itself in sc-lb-instance-id.
    assertThat(console("console-2").statusCode()).isEqualTo(200);
    console1.calls.set(0);
    console2.calls.set(0);
    for (int i = 0; i < 10; i++) {
      assertThat(console("console-2").statusCode()).isEqualTo(200);
    }
    assertThat(console2.calls.get())
        .as("calls of the browser whose cookie names console-2")
        .isEqualTo(10);
    assertThat(console1.calls.get()).isZero();
    // Without the cookie (a new browser), the console instances take turns.
    for (int i = 0; i < 10; i++) {
      assertThat(console(null).statusCode()).isEqualTo(200);
    }
    assertThat(console1.calls.get()).as("new browsers on console-1").isEqualTo(5);
  }

  @Test
  @Order(5)
  void aReadSentToAnInstanceThatDiedIsAnsweredByTheOther() throws Exception {
    first.server.stop(0);
    // Until the next health check the gateway still lists the dead instance: every read succeeds
    // anyway, the ones routed to it retried once on the other.
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> response = me();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
    assertThat(second.calls.get()).isEqualTo(10);
  }

  private HttpResponse<String> me() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/catalog/v1/me"))
            .header(
                "Authorization", "Bearer " + tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_ADMIN))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> console(String instanceCookie) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/"));
    if (instanceCookie != null) {
      request.header("Cookie", "sc-lb-instance-id=" + instanceCookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited 20 s for the health checks").isBefore(deadline);
      Thread.sleep(100);
    }
  }

  /**
   * A stand-in instance: answers health checks by its {@code ready} flag after {@code
   * healthDelayMillis}, counts API calls.
   */
  private record Instance(
      HttpServer server,
      AtomicBoolean ready,
      AtomicInteger healthDelayMillis,
      AtomicInteger healthChecks,
      AtomicInteger calls) {

    /**
     * A stand-in serving under {@code contextPath} ("" for a service, "/console" for the console).
     */
    static Instance start(String contextPath) {
      try {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        // A slow health check must not hold up the calls.
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        Instance instance =
            new Instance(
                server,
                new AtomicBoolean(true),
                new AtomicInteger(),
                new AtomicInteger(),
                new AtomicInteger());
        server.createContext(
            contextPath + "/actuator/health/readiness",
            exchange -> {
              instance.healthChecks.incrementAndGet();
              try {
                Thread.sleep(instance.healthDelayMillis.get());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              boolean ready = instance.ready.get();
              StandInUpstream.json(
                  exchange,
                  ready ? 200 : 503,
                  "{\"status\":\"" + (ready ? "UP" : "OUT_OF_SERVICE") + "\"}");
            });
        server.createContext(
            contextPath.isEmpty() ? "/api/" : contextPath + "/",
            exchange -> {
              instance.calls.incrementAndGet();
              StandInUpstream.json(exchange, 200, "{\"department\":\"civil-affairs\"}");
            });
        server.start();
        return instance;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    int port() {
      return server.getAddress().getPort();
    }
  }
}
