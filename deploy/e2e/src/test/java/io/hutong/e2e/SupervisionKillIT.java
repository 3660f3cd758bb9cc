package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.Supervised;
import io.hutong.deploy.server.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run command's supervision: each kind of child — PostgreSQL, the Kafka broker, Keycloak, a
 * service — is SIGKILLed once, comes back by itself (a new process, counted by the supervisor), and
 * the platform serves again through it without anyone restarting the other processes.
 */
@Tag("kill")
@ExtendWith(HutongStack.class)
class SupervisionKillIT {

  static SupervisedPlatform platform;

  @BeforeAll
  static void start() {
    platform = SupervisedPlatform.get();
  }

  @Test
  void aKilledServiceIsRestartedAndAnswersAgain() throws Exception {
    ChildProcess killed = killAndAwaitRestart(supervisedService(E2ePlatform.CATALOG));

    Duration back =
        SupervisedPlatform.await(
            "catalogue /me through the gateway",
            Duration.ofSeconds(60),
            () ->
                platform.platform().call(PLATFORM_ADMIN, "GET", "/api/catalog/v1/me", null).status()
                    == 200);
    report("catalog-service", killed, back);
  }

  @Test
  void killedPostgresIsRestartedAndTheCatalogueWritesAgain() throws Exception {
    ChildProcess killed = killAndAwaitRestart(platform.stack().postgres());

    Duration back =
        SupervisedPlatform.await(
            "a department registered after PostgreSQL's restart",
            Duration.ofSeconds(60),
            () -> platform.registerDepartment(code("after-pg")).status() == 201);
    report("postgresql", killed, back);
  }

  @Test
  void aKilledBrokerIsRestartedAndAuditEventsFlowThroughItAgain() throws Exception {
    Instant since = Instant.now();
    ChildProcess killed = killAndAwaitRestart(platform.stack().kafka());

    String code = code("after-kafka");
    SupervisedPlatform.await(
        "a department registered after the broker's restart",
        Duration.ofSeconds(60),
        () -> platform.registerDepartment(code).status() == 201);
    Duration back =
        SupervisedPlatform.await(
            "its DEPARTMENT_CREATED event in the audit log (catalogue outbox -> Kafka -> audit)",
            Duration.ofSeconds(90),
            () -> platform.departmentCreatedEvents(code, since).equals(List.of(code)));
    report("kafka", killed, back);
  }

  @Test
  void killedKeycloakIsRestartedAndIssuesTokensTheServicesAccept() throws Exception {
    ChildProcess killed = killAndAwaitRestart(platform.stack().keycloak());

    Duration back =
        SupervisedPlatform.await(
            "a fresh token accepted by the catalogue",
            Duration.ofSeconds(60),
            () -> {
              Tokens fresh = new Tokens(platform.stack().keycloak());
              return platform
                      .platform()
                      .callPort(
                          platform.platform().port(E2ePlatform.CATALOG),
                          "Bearer " + fresh.accessToken(PLATFORM_ADMIN),
                          "GET",
                          "/api/catalog/v1/me",
                          null,
                          Map.of())
                      .status()
                  == 200;
            });
    report("keycloak", killed, back);
  }

  /** SIGKILLs the unit's process tree and waits until the supervisor has restarted it. */
  private static ChildProcess killAndAwaitRestart(Supervised unit) throws InterruptedException {
    int restarts = platform.supervisor().restarts(unit.name());
    ChildProcess before = unit.process();
    before.kill();
    assertThat(before.isAlive()).isFalse();
    SupervisedPlatform.await(
        unit.name() + " restarted by the supervisor",
        Duration.ofSeconds(180),
        () -> platform.supervisor().restarts(unit.name()) == restarts + 1);
    assertThat(unit.process().pid()).isNotEqualTo(before.pid());
    assertThat(unit.process().isAlive()).isTrue();
    return before;
  }

  private static Supervised supervisedService(String name) {
    return platform.platform().platform().supervised().stream()
        .filter(unit -> unit.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String code(String what) {
    return what + "-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
  }

  private static void report(String name, ChildProcess killed, Duration back) {
    System.out.printf(
        "[kill] %s pid %d SIGKILLed; serving again %.1f s after the supervisor restarted it%n",
        name, killed.pid(), back.toMillis() / 1000.0);
  }
}
