package io.hutong.e2e;

import static io.hutong.deploy.server.LocalIdentity.AUDITOR;
import static io.hutong.deploy.server.LocalIdentity.PLATFORM_ADMIN;

import io.hutong.deploy.process.PidFile;
import io.hutong.deploy.process.Supervisor;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.LocalIdentity;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@link E2ePlatform} under the run command's own supervision ({@code Platform.supervise}), for
 * the failure tests that SIGKILL its processes. They run in their own Failsafe execution (their own
 * JVM and stack, {@code *KillIT}) whose PostgreSQL is durable ({@code
 * -Dhutong.stack.durability=durable}), so no other test sees the outages. Started once per JVM.
 */
final class SupervisedPlatform {

  private static SupervisedPlatform shared;

  private final E2ePlatform platform;
  private final Supervisor supervisor;

  private SupervisedPlatform(E2ePlatform platform, Supervisor supervisor) {
    this.platform = platform;
    this.supervisor = supervisor;
  }

  static synchronized SupervisedPlatform get() {
    if (shared == null) {
      E2ePlatform platform = E2ePlatform.get();
      Supervisor supervisor =
          platform
              .platform()
              .supervise(
                  platform.stack(),
                  E2ePlatform.DATA.resolve("logs").resolve("supervisor.log"),
                  new PidFile(E2ePlatform.DATA));
      Runtime.getRuntime().addShutdownHook(new Thread(supervisor::close, "e2e-supervisor-stop"));
      shared = new SupervisedPlatform(platform, supervisor);
    }
    return shared;
  }

  E2ePlatform platform() {
    return platform;
  }

  Infrastructure stack() {
    return platform.stack();
  }

  Supervisor supervisor() {
    return supervisor;
  }

  /** {@code POST /departments} as platform-admin, straight to the catalogue service. */
  E2ePlatform.Reply registerDepartment(String code) throws IOException, InterruptedException {
    return platform.callPort(
        platform.port(E2ePlatform.CATALOG),
        bearer(PLATFORM_ADMIN),
        "POST",
        "/api/catalog/v1/departments",
        Map.of("code", code, "name", "Department " + code),
        Map.of());
  }

  /** Every department in the catalogue whose code starts with {@code prefix}. */
  Set<String> departmentCodes(String prefix) throws IOException, InterruptedException {
    Set<String> codes = new HashSet<>();
    String cursor = null;
    do {
      E2ePlatform.Reply page =
          platform.callPort(
              platform.port(E2ePlatform.CATALOG),
              bearer(PLATFORM_ADMIN),
              "GET",
              "/api/catalog/v1/departments?limit=500" + (cursor == null ? "" : "&cursor=" + cursor),
              null,
              Map.of());
      requireOk(page, "department list");
      page.body().path("items").forEach(d -> codes.add(d.path("code").asString()));
      cursor = nextCursor(page.body());
    } while (cursor != null);
    codes.removeIf(code -> !code.startsWith(prefix));
    return codes;
  }

  /**
   * The department codes of every allowed {@code DEPARTMENT_CREATED} event since {@code from} whose
   * code starts with {@code prefix}, one entry per event (a duplicate event shows twice).
   */
  List<String> departmentCreatedEvents(String prefix, Instant from)
      throws IOException, InterruptedException {
    List<String> codes = new ArrayList<>();
    String cursor = null;
    do {
      E2ePlatform.Reply page =
          platform.callPort(
              platform.port(E2ePlatform.AUDIT),
              bearer(AUDITOR),
              "GET",
              "/api/audit/v1/events?action=DEPARTMENT_CREATED&outcome=ALLOWED&limit=500&from="
                  + from
                  + (cursor == null ? "" : "&cursor=" + cursor),
              null,
              Map.of());
      requireOk(page, "audit search");
      for (JsonNode item : page.body().path("items")) {
        String resource = item.path("event").path("resource").asString();
        String code = resource.substring(resource.indexOf(':') + 1);
        if (code.startsWith(prefix)) {
          codes.add(code);
        }
      }
      cursor = nextCursor(page.body());
    } while (cursor != null);
    return codes;
  }

  /** {@code GET path} on the audit service as the auditor. */
  E2ePlatform.Reply auditor(String path) throws IOException, InterruptedException {
    return platform.callPort(
        platform.port(E2ePlatform.AUDIT), bearer(AUDITOR), "GET", path, null, Map.of());
  }

  private String bearer(LocalIdentity who) {
    return "Bearer " + platform.tokens().accessToken(who);
  }

  private static String nextCursor(JsonNode page) {
    JsonNode next = page.path("nextCursor");
    return next.isMissingNode() || next.isNull() ? null : next.asString();
  }

  private static void requireOk(E2ePlatform.Reply reply, String what) {
    if (reply.status() != 200) {
      throw new IllegalStateException(what + ": HTTP " + reply.status() + " " + reply.text());
    }
  }

  /** A check that may fail while a process is still coming back. */
  interface Check {
    boolean holds() throws Exception;
  }

  /** Like {@link #await}, but answers false at the deadline instead of failing. */
  static boolean eventually(Duration timeout, Check check) throws InterruptedException {
    try {
      await("condition", timeout, check);
      return true;
    } catch (AssertionError notYet) {
      return false;
    }
  }

  /**
   * Polls {@code check} every 250 ms until it holds (exceptions count as "not yet"); fails after
   * {@code timeout} with the last exception. Returns how long it took.
   */
  static Duration await(String what, Duration timeout, Check check) throws InterruptedException {
    Instant begin = Instant.now();
    Instant deadline = begin.plus(timeout);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        if (check.holds()) {
          return Duration.between(begin, Instant.now());
        }
        last = null;
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(what + " did not happen within " + timeout, last);
  }
}
