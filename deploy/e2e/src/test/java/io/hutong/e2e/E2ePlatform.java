package io.hutong.e2e;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.platform.Platform;
import io.hutong.deploy.platform.PlatformService;
import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.FreePorts;
import io.hutong.deploy.process.PidFile;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running platform end-to-end tests talk to: catalog-service, exchange-service, audit-service
 * and the gateway, started by the run command's own {@link Platform} from their built jars as child
 * processes on free ports on top of {@link HutongStack}'s PostgreSQL, Kafka and Keycloak. The four
 * JVMs take about a minute to come up on two cores, so they start once per test JVM, on first use,
 * and every test class shares them — which is why no test may assume an empty database. A shutdown
 * hook stops them, as {@link HutongStack} stops its servers.
 */
final class E2ePlatform {

  static final String CATALOG = "catalog-service";
  static final String EXCHANGE = "exchange-service";
  static final String AUDIT = "audit-service";
  static final String GATEWAY = "gateway";

  static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

  /**
   * Working directory of the processes ({@code -Dhutong.e2e.dir}, else {@code
   * target/e2e-platform}); their logs are in {@code logs/} under it.
   */
  static final Path DATA =
      Path.of(System.getProperty("hutong.e2e.dir", "target/e2e-platform")).toAbsolutePath();

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STREAM_HEADERS_TIMEOUT = Duration.ofSeconds(30);

  /** How long a call waits out the gateway's 429s before returning one. */
  private static final Duration RATE_LIMIT_PATIENCE = Duration.ofSeconds(30);

  private static E2ePlatform shared;
  private static RuntimeException failedStart;

  private final Platform platform;
  private final Infrastructure stack;
  private final Tokens tokens;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private E2ePlatform(Platform platform, Infrastructure stack) {
    this.platform = platform;
    this.stack = stack;
    this.tokens = new Tokens(stack.keycloak());
  }

  /** The platform of this JVM, started on first use; later callers get the same one. */
  static synchronized E2ePlatform get() {
    if (failedStart != null) {
      throw new IllegalStateException("the platform failed to start earlier", failedStart);
    }
    if (shared == null) {
      try {
        shared = start(HutongStack.infrastructure());
      } catch (RuntimeException e) {
        failedStart = e;
        throw e;
      }
    }
    return shared;
  }

  private static E2ePlatform start(Infrastructure stack) {
    long begin = System.nanoTime();
    List<PlatformService> services =
        PlatformService.all().stream()
            .map(s -> s.withPort(s.name().equals(GATEWAY) ? stack.gatewayPort() : FreePorts.next()))
            .toList();
    if (stack.kafkaBrokers().size() > 1) {
      // The cluster tests' JVM: two instances of everything behind the gateway, as --cluster runs.
      services = PlatformService.twoOfEach(services, port -> FreePorts.next());
    }
    Platform platform = Platform.start(ROOT, DATA, stack, new PidFile(DATA), services);
    Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "e2e-platform-stop"));
    System.out.printf(
        "[e2e] catalog, exchange, audit and gateway ready in %.1f s (gateway port %d)%n",
        (System.nanoTime() - begin) / 1e9, platform.port(GATEWAY));
    return new E2ePlatform(platform, stack);
  }

  /** The four services as the run command holds them (failure tests supervise them). */
  Platform platform() {
    return platform;
  }

  /** PostgreSQL, Kafka and Keycloak under the services. */
  Infrastructure stack() {
    return stack;
  }

  /** The process of {@code service}, for benchmarks that read its CPU time and memory. */
  ChildProcess process(String service) {
    return platform.process(service);
  }

  int gatewayPort() {
    return platform.port(GATEWAY);
  }

  /** The port of {@code service} itself ({@link #CATALOG}, {@link #EXCHANGE}, {@link #AUDIT}). */
  int port(String service) {
    return platform.port(service);
  }

  Tokens tokens() {
    return tokens;
  }

  /** An answer: status, body parsed as JSON when it is JSON (else a missing node), raw text. */
  record Reply(int status, JsonNode body, String text, HttpHeaders headers) {

    /** The first value of header {@code name}, or null. */
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    /** True when the body is RFC 9457 problem+json. */
    boolean isProblem() {
      String type = header("Content-Type");
      return type != null && type.startsWith("application/problem+json");
    }
  }

  /** {@code method path} through the gateway as {@code who} (no token when null). */
  Reply call(LocalIdentity who, String method, String path, Object body)
      throws IOException, InterruptedException {
    return callWithAuthorization(
        who == null ? null : "Bearer " + tokens.accessToken(who), method, path, body);
  }

  /** Through the gateway with {@code authorization} as the raw header value (none when null). */
  Reply callWithAuthorization(String authorization, String method, String path, Object body)
      throws IOException, InterruptedException {
    return callPort(gatewayPort(), authorization, method, path, body, Map.of());
  }

  /**
   * {@code method path} on {@code port} — the gateway's or a service's own — with {@code
   * authorization} as the raw header value (none when null) and extra {@code headers}. A 429 is
   * retried after its {@code Retry-After}, for at most 30 s.
   */
  Reply callPort(
      int port,
      String authorization,
      String method,
      String path,
      Object body,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    return patiently(() -> once(port, authorization, method, path, body, headers, false));
  }

  /**
   * Opens {@code GET path} on {@code port} as an event stream and closes it as soon as the status
   * and headers arrived (a refusal's problem body is read in full).
   */
  Reply openStream(int port, String authorization, String path, Map<String, String> headers)
      throws IOException, InterruptedException {
    return patiently(() -> once(port, authorization, "GET", path, null, headers, true));
  }

  /** A call through the platform, for {@link #eventually}. */
  interface Call {
    Reply run() throws Exception;
  }

  /**
   * Repeats {@code call} until its answer satisfies {@code done}, for at most 60 s: the platform's
   * services learn of each other's changes through Kafka, a moment later.
   */
  static Reply eventually(java.util.function.Predicate<Reply> done, Call call) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    Reply r;
    do {
      r = call.run();
      if (done.test(r)) {
        return r;
      }
      Thread.sleep(250);
    } while (Instant.now().isBefore(deadline));
    throw new AssertionError(
        "never satisfied within 60 s; last answer " + r.status() + " " + r.text());
  }

  private interface Attempt {
    Reply run() throws IOException, InterruptedException;
  }

  private static Reply patiently(Attempt attempt) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(RATE_LIMIT_PATIENCE);
    Reply reply = attempt.run();
    while (reply.status() == 429 && Instant.now().isBefore(deadline)) {
      long seconds = retryAfterSeconds(reply);
      System.out.println("[e2e] 429 from the gateway; retrying after " + seconds + " s");
      Thread.sleep(Duration.ofSeconds(seconds));
      reply = attempt.run();
    }
    return reply;
  }

  private static long retryAfterSeconds(Reply reply) {
    try {
      String value = reply.header("Retry-After");
      return value == null ? 1 : Math.max(1, Math.min(10, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private Reply once(
      int port,
      String authorization,
      String method,
      String path,
      Object body,
      Map<String, String> headers,
      boolean stream)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(stream ? STREAM_HEADERS_TIMEOUT : CALL_TIMEOUT)
            .header("Content-Type", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    String text =
        body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
    request.method(
        method,
        text == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(text));
    if (!stream) {
      HttpResponse<String> r =
          sendOrDump(request.build(), HttpResponse.BodyHandlers.ofString(), method, path);
      return reply(r.statusCode(), r.body(), r.headers());
    }
    HttpResponse<InputStream> r =
        sendOrDump(request.build(), HttpResponse.BodyHandlers.ofInputStream(), method, path);
    try (InputStream in = r.body()) {
      String received =
          r.statusCode() < 300 ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return reply(r.statusCode(), received, r.headers());
    }
  }

  /**
   * Sends {@code request}; when it is not answered in time, the thread dumps of the platform's
   * processes are written beside their logs first (a hang is found there, not in the test's stack).
   */
  private <T> HttpResponse<T> sendOrDump(
      HttpRequest request, HttpResponse.BodyHandler<T> handler, String method, String path)
      throws IOException, InterruptedException {
    try {
      return http.send(request, handler);
    } catch (java.net.http.HttpTimeoutException e) {
      Path dump = ThreadDumps.write(DATA, method + " " + path);
      throw new java.net.http.HttpTimeoutException(
          e.getMessage() + " (" + method + " " + path + "; thread dumps: " + dump + ")");
    }
  }

  private static Reply reply(int status, String text, HttpHeaders headers) {
    JsonNode parsed = JSON.missingNode();
    if (text.startsWith("{") || text.startsWith("[")) {
      try {
        parsed = JSON.readTree(text);
      } catch (RuntimeException notJson) {
        parsed = JSON.missingNode();
      }
    }
    return new Reply(status, parsed, text, headers);
  }
}
