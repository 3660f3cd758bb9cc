package io.hutong.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.audit.verifier.OfflineVerifier;
import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.Durability;
import io.hutong.deploy.server.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What durable PostgreSQL settings buy: every PostgreSQL process is SIGKILLed in the middle of a
 * flood of audited catalogue changes (8 clients registering departments, each change's audit event
 * written through the catalogue's outbox and ingested by the audit service), the supervisor
 * restarts it, and then nothing acknowledged is missing — every 201 department is in the catalogue,
 * has exactly one {@code DEPARTMENT_CREATED} audit event, every such event has its department — and
 * the audit log still verifies, online and with the offline verifier. With the test stack's fast
 * settings ({@code synchronous_commit=off}) the last acknowledged commits may be lost; this JVM's
 * stack runs {@link Durability#DURABLE}.
 */
@Tag("kill")
@ExtendWith(HutongStack.class)
class PostgresCrashKillIT {

  static final int CLIENTS = 8;
  static final int BEFORE_KILL = 300;
  static final int AFTER_RESTART = 300;

  @Test
  void sigkillOfEveryPostgresProcessDuringAFloodLosesNoAcknowledgedChangeNorItsAuditEvent(
      @TempDir Path evidence) throws Exception {
    SupervisedPlatform platform = SupervisedPlatform.get();
    PostgresServer postgres = platform.stack().postgres();
    assertThat(postgres.durability())
        .as("this test needs durable settings")
        .isEqualTo(Durability.DURABLE);
    String prefix =
        "crash-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    Instant since = Instant.now().minusSeconds(5);
    Flood flood = new Flood(platform, prefix);

    flood.start();
    SupervisedPlatform.await(
        BEFORE_KILL + " departments acknowledged",
        Duration.ofSeconds(60),
        () -> flood.acknowledged.size() >= BEFORE_KILL);
    int restarts = platform.supervisor().restarts(postgres.name());
    List<ProcessHandle> every = new ArrayList<>(postgres.process().handle().descendants().toList());
    every.add(postgres.process().handle());
    Instant killedAt = Instant.now();
    postgres.process().kill();
    int acknowledgedAtKill = flood.acknowledged.size();
    assertThat(every)
        .as("every PostgreSQL process")
        .hasSizeGreaterThan(3)
        .noneMatch(ProcessHandle::isAlive);
    SupervisedPlatform.await(
        "PostgreSQL restarted by the supervisor",
        Duration.ofSeconds(60),
        () -> platform.supervisor().restarts(postgres.name()) == restarts + 1);
    Duration restart = Duration.between(killedAt, Instant.now());
    SupervisedPlatform.await(
        AFTER_RESTART + " more departments acknowledged after the restart",
        Duration.ofSeconds(90),
        () -> flood.acknowledged.size() >= acknowledgedAtKill + AFTER_RESTART);
    flood.stop();

    Set<String> acknowledged = new HashSet<>(flood.acknowledged);
    Set<String> catalogue = platform.departmentCodes(prefix);
    // Ingest is asynchronous: wait (without failing yet) until every department has its event.
    SupervisedPlatform.eventually(
        Duration.ofSeconds(90),
        () ->
            new HashSet<>(platform.departmentCreatedEvents(prefix, since)).containsAll(catalogue));
    Thread.sleep(2_000); // a duplicate arriving late would show now
    List<String> events = platform.departmentCreatedEvents(prefix, since);
    Map<String, Long> eventsPerCode =
        events.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

    System.out.printf(
        "[crash] %s; %d clients; %d acknowledged (%d before the SIGKILL of %d PostgreSQL"
            + " processes), %d refused or failed %s; PostgreSQL serving again %.1f s after the"
            + " kill; catalogue %d departments (%d acknowledged ones missing), audit %d"
            + " DEPARTMENT_CREATED events for %d departments%n",
        postgres.durability().describe(),
        CLIENTS,
        acknowledged.size(),
        acknowledgedAtKill,
        every.size(),
        flood.failures.values().stream().mapToInt(AtomicInteger::get).sum(),
        new TreeMap<>(flood.failures),
        restart.toMillis() / 1000.0,
        catalogue.size(),
        acknowledged.stream().filter(code -> !catalogue.contains(code)).count(),
        events.size(),
        eventsPerCode.size());

    assertThat(flood.failures).as("the outage was felt by the clients").isNotEmpty();
    assertThat(catalogue)
        .as("every acknowledged department is still there")
        .containsAll(acknowledged);
    assertThat(eventsPerCode.keySet())
        .as("every DEPARTMENT_CREATED event has its department")
        .isSubsetOf(catalogue);
    assertThat(eventsPerCode.keySet()).as("every department has its event").containsAll(catalogue);
    assertThat(eventsPerCode.values()).as("exactly one event per change").containsOnly(1L);

    JsonNode verify = platform.auditor("/api/audit/v1/verify").body();
    assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
    assertThat(offlineVerification(platform, evidence)).contains("OK   export");
  }

  /** The signed head and a full export, checked by the offline verifier alone. */
  private static String offlineVerification(SupervisedPlatform platform, Path dir)
      throws Exception {
    JsonNode head = platform.auditor("/api/audit/v1/tree-head").body();
    Path checkpoint =
        Files.writeString(dir.resolve("head.txt"), head.path("checkpoint").asString());
    Path export =
        Files.writeString(
            dir.resolve("export.jsonl"),
            platform.auditor("/api/audit/v1/events/export?format=jsonl").text());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean ok =
        OfflineVerifier.run(
            new String[] {
              "--key", head.path("publicKey").asString(),
              "--checkpoint", checkpoint.toString(),
              "--export", export.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8));
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(ok).as(report).isTrue();
    return report;
  }

  /** {@link #CLIENTS} platform-admins registering departments as fast as they are answered. */
  private static final class Flood {
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final SupervisedPlatform platform;
    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    private final List<Future<?>> loops = new ArrayList<>();

    Flood(SupervisedPlatform platform, String prefix) {
      this.platform = platform;
      this.prefix = prefix;
    }

    void start() {
      for (int client = 0; client < CLIENTS; client++) {
        int id = client;
        loops.add(clients.submit(() -> register(id)));
      }
    }

    private void register(int client) {
      for (int n = 0; running.get(); n++) {
        String code = prefix + "-" + client + "-" + n;
        try {
          E2ePlatform.Reply reply = platform.registerDepartment(code);
          if (reply.status() == 201) {
            acknowledged.add(code);
          } else {
            fail("HTTP " + reply.status());
          }
        } catch (IOException e) {
          fail(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private void fail(String how) {
      failures.computeIfAbsent(how, k -> new AtomicInteger()).incrementAndGet();
    }

    void stop() throws Exception {
      running.set(false);
      for (Future<?> loop : loops) {
        loop.get();
      }
      clients.shutdown();
    }
  }
}
