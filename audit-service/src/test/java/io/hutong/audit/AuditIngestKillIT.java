package io.hutong.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.platform.ServiceProcess;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.ServiceDatabase;
import io.hutong.deploy.server.Tokens;
import io.hutong.schemas.audit.AuditEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGKILL of the audit service in the middle of a flood of events loses none and duplicates none.
 * The service runs as a real separate process (its built jar); this test JVM runs no ingestor of
 * its own (a separate Failsafe execution), so the killed process is the only writer.
 */
@ExtendWith(HutongStack.class)
class AuditIngestKillIT {

  static final int EVENTS = 30_000;

  @Test
  void sigkillDuringAFloodLosesNoneAndDuplicatesNone() throws Exception {
    Infrastructure stack = HutongStack.infrastructure();
    List<AuditEvent> events = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      events.add(AuditITBase.event("civil-affairs.flood", "RECORDS_FETCHED", Instant.now()));
    }
    int port = FreePorts.next();
    ChildProcess first = start(stack, port, "audit-1");
    ServiceProcess.awaitHealthy("audit-service", port, first, Duration.ofSeconds(120));

    CompletableFuture<Void> flood =
        CompletableFuture.runAsync(
            () -> {
              for (int from = 0; from < EVENTS; from += 1_000) {
                List<AuditEvent> chunk = events.subList(from, Math.min(EVENTS, from + 1_000));
                AuditITBase.publish(chunk);
                AuditITBase.publish(chunk.subList(0, 100)); // retries: the same ids again
              }
            });
    awaitCount(5_000, Duration.ofSeconds(60));
    first.kill();
    long atKill = AuditITBase.count("select count(*) from audit.audit_entry");

    ChildProcess second = start(stack, port, "audit-2");
    try {
      ServiceProcess.awaitHealthy("audit-service", port, second, Duration.ofSeconds(120));
      flood.get();
      awaitCount(EVENTS, Duration.ofSeconds(120));
      AuditITBase.sleep(2_000); // let any stray duplicate arrive, so a second copy would show

      String ids =
          "'{"
              + String.join(",", events.stream().map(e -> e.getId().toString()).toList())
              + "}'::uuid[]";
      assertThat(atKill).as("killed mid-flood").isLessThan(EVENTS);
      assertThat(AuditITBase.count("select count(*) from audit.audit_entry")).isEqualTo(EVENTS);
      assertThat(
              AuditITBase.count(
                  "select count(*) from audit.audit_entry where event_id = any(" + ids + ")"))
          .isEqualTo(EVENTS);
      assertThat(AuditITBase.count("select max(leaf_index) + 1 from audit.audit_entry"))
          .isEqualTo(EVENTS);
      assertThat(verify(stack, port)).contains("\"ok\":true");
    } finally {
      second.stop(Duration.ofSeconds(20));
    }
  }

  private static ChildProcess start(Infrastructure stack, int port, String name) {
    Path logs = Path.of("target", "hutong-kill-logs");
    return ServiceProcess.start(
        name,
        Path.of("target", "audit-service.jar"),
        port,
        stack.springProperties(ServiceDatabase.AUDIT),
        logs,
        logs.resolve(name + ".log"));
  }

  private static void awaitCount(long expected, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (AuditITBase.count("select count(*) from audit.audit_entry") < expected) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("fewer than " + expected + " entries after " + timeout);
      }
      AuditITBase.sleep(100);
    }
  }

  private static String verify(Infrastructure stack, int port) throws Exception {
    String token = new Tokens(stack.keycloak()).accessToken(LocalIdentity.AUDITOR);
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + port + "/api/audit/v1/verify"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }
}
