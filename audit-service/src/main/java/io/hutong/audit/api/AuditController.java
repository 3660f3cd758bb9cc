package io.hutong.audit.api;

import io.hutong.audit.log.AuditLog;
import io.hutong.audit.log.Verification;
import io.hutong.audit.tree.Proofs;
import io.hutong.audit.tree.SigningKeys;
import io.hutong.audit.tree.TreeHeads;
import io.hutong.audit.tree.TreeStore;
import io.hutong.schemas.audit.AuditLimits;
import io.hutong.schemas.identity.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/audit/v1}: what auditors ask of the log — search, one event with its leaf, inclusion
 * and consistency proofs, the signed tree head, streamed evidence export, and full verification.
 * Only the auditor role gets here (security config), and every call is itself audited first.
 */
@RestController
@RequestMapping("/api/audit/v1")
class AuditController {

  private static final Set<String> OUTCOMES = Set.of("ALLOWED", "DENIED", "FAILED");

  /** The range of instants a filter takes: years 0001 to 9999. */
  private static final Instant FIRST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** Exports hold a database connection while they stream: at most two at a time. */
  private final java.util.concurrent.Semaphore exports = new java.util.concurrent.Semaphore(2);

  private final AuditLog log;
  private final TreeStore tree;
  private final TreeHeads heads;
  private final SigningKeys keys;
  private final Verification verification;
  private final QueryAudit queryAudit;
  private final JsonMapper json;

  AuditController(
      AuditLog log,
      TreeStore tree,
      TreeHeads heads,
      SigningKeys keys,
      Verification verification,
      QueryAudit queryAudit,
      JsonMapper json) {
    this.log = log;
    this.tree = tree;
    this.heads = heads;
    this.keys = keys;
    this.verification = verification;
    this.queryAudit = queryAudit;
    this.json = json;
  }

  /**
   * An entry: the event as JSON (null once retention cleared it), its leaf index and leaf hash. The
   * event is its canonical JSON, so its JCS bytes are the leaf: {@code keys}, {@code fields} and
   * {@code result} appear when the event has them (lookups and verifications), not otherwise.
   */
  record EntryView(JsonNode event, long leafIndex, String leafHash) {}

  record Page(List<EntryView> items, String nextCursor) {}

  record ProofView(long leafIndex, long treeSize, String leafHash, List<String> path) {}

  record ConsistencyView(long from, long to, List<String> path) {}

  /** A signed head; {@code keyId} names the key that signed it, {@code publicKey} is that key. */
  record TreeHeadView(
      long size,
      String rootHash,
      Instant timestamp,
      String checkpoint,
      String keyId,
      String publicKey) {}

  /** A key trusted to sign tree heads: the current one, or one it replaced. */
  record SigningKeyView(String keyId, String verifierKey, boolean current) {}

  record SigningKeysView(List<SigningKeyView> keys) {}

  @GetMapping("/events")
  Page search(
      @AuthenticationPrincipal Jwt token,
      HttpServletRequest request,
      @RequestParam(required = false) String department,
      @RequestParam(required = false) String dataset,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String outcome,
      @RequestParam(required = false) String key,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    AuditLog.Filter filter = filter(department, dataset, actor, action, outcome, key, from, to);
    int size = limit == null ? 50 : limit;
    if (size < 1 || size > 500) {
      throw bad("limit must be between 1 and 500.");
    }
    Long before = cursor == null ? null : decodeCursor(cursor);
    queryAudit.queried(caller(token), request, dataset);
    List<AuditLog.Entry> rows = log.search(filter, before, size + 1);
    List<EntryView> items = rows.stream().limit(size).map(this::view).toList();
    String next =
        rows.size() > size
            ? Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    Long.toString(items.getLast().leafIndex()).getBytes(StandardCharsets.UTF_8))
            : null;
    return new Page(items, next);
  }

  @GetMapping("/events/{id}")
  EntryView event(
      @AuthenticationPrincipal Jwt token, HttpServletRequest request, @PathVariable String id) {
    queryAudit.queried(caller(token), request, null);
    return view(find(id));
  }

  @GetMapping("/events/{id}/proof")
  ProofView proof(
      @AuthenticationPrincipal Jwt token,
      HttpServletRequest request,
      @PathVariable String id,
      @RequestParam(required = false) Long treeSize) {
    queryAudit.queried(caller(token), request, null);
    AuditLog.Entry entry = find(id);
    long current = tree.size();
    long size = treeSize == null ? current : treeSize;
    if (size <= entry.leafIndex() || size > current) {
      throw bad(
          "treeSize must be greater than the leaf index "
              + entry.leafIndex()
              + " and at most the current size "
              + current
              + ".");
    }
    List<String> path =
        tree.proofs().inclusion(entry.leafIndex(), size).stream()
            .map(AuditController::b64)
            .toList();
    return new ProofView(entry.leafIndex(), size, b64(entry.leafHash()), path);
  }

  @GetMapping("/tree-head")
  TreeHeadView treeHead(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
    queryAudit.queried(caller(token), request, null);
    TreeHeads.SignedHead head = heads.current();
    return new TreeHeadView(
        head.size(),
        b64(head.rootHash()),
        head.timestamp(),
        head.checkpoint(),
        head.keyId(),
        head.publicKey());
  }

  /** Every key whose signed heads verify: the current one first, then those it replaced. */
  @GetMapping("/signing-keys")
  SigningKeysView signingKeys(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
    queryAudit.queried(caller(token), request, null);
    return new SigningKeysView(
        keys.trusted().stream()
            .map(key -> new SigningKeyView(key.keyId(), key.toString(), key.equals(keys.current())))
            .toList());
  }

  @GetMapping("/consistency")
  ConsistencyView consistency(
      @AuthenticationPrincipal Jwt token,
      HttpServletRequest request,
      @RequestParam long from,
      @RequestParam long to) {
    long current = tree.size();
    if (from < 1 || from > to || to > current) {
      throw bad("need 1 <= from <= to <= " + current + " (the current size).");
    }
    queryAudit.queried(caller(token), request, null);
    Proofs proofs = tree.proofs();
    return new ConsistencyView(
        from, to, proofs.consistency(from, to).stream().map(AuditController::b64).toList());
  }

  @GetMapping("/verify")
  Verification.Result verify(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
    queryAudit.queried(caller(token), request, null);
    return verification.verify();
  }

  /**
   * Evidence export, streamed oldest first. JSON Lines: {@code {"leafIndex","leafHash","event"}}
   * per line with the event's canonical bytes verbatim, which the offline verifier checks. CSV: one
   * row per event with its leaf index and hash.
   */
  @GetMapping("/events/export")
  ResponseEntity<StreamingResponseBody> export(
      @AuthenticationPrincipal Jwt token,
      HttpServletRequest request,
      @RequestParam(defaultValue = "jsonl") String format,
      @RequestParam(required = false) String department,
      @RequestParam(required = false) String dataset,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String outcome,
      @RequestParam(required = false) String key,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    AuditLog.Filter filter = filter(department, dataset, actor, action, outcome, key, from, to);
    String kind = format.toLowerCase(Locale.ROOT);
    if (!kind.equals("jsonl") && !kind.equals("csv")) {
      throw bad("format must be csv or jsonl.");
    }
    queryAudit.queried(caller(token), request, dataset);
    if (!exports.tryAcquire()) {
      throw new ResponseStatusException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "Two exports are already running; retry when one finishes.");
    }
    StreamingResponseBody body =
        out -> {
          try {
            BufferedWriter writer =
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            if (kind.equals("csv")) {
              writer.write(CsvExport.HEADER);
            }
            log.export(
                filter,
                entry -> {
                  try {
                    writer.write(kind.equals("csv") ? CsvExport.row(entry, json) : jsonLine(entry));
                  } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
            writer.flush();
          } finally {
            exports.release();
          }
        };
    MediaType type =
        kind.equals("csv")
            ? new MediaType("text", "csv", StandardCharsets.UTF_8)
            : new MediaType("application", "jsonl");
    return ResponseEntity.ok()
        .contentType(type)
        .header(
            HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"hutong-audit." + kind + "\"")
        .body(body);
  }

  private static String jsonLine(AuditLog.Entry entry) {
    return "{\"leafIndex\":"
        + entry.leafIndex()
        + ",\"leafHash\":\""
        + b64(entry.leafHash())
        + "\",\"event\":"
        + (entry.body() == null ? "null" : entry.body())
        + "}\n";
  }

  private EntryView view(AuditLog.Entry entry) {
    JsonNode event = entry.body() == null ? null : json.readTree(entry.body());
    return new EntryView(event, entry.leafIndex(), b64(entry.leafHash()));
  }

  private AuditLog.Entry find(String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No audit event " + id + ".");
    }
    return log.byId(uuid)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No audit event " + id + "."));
  }

  private static AuditLog.Filter filter(
      String department,
      String dataset,
      String actor,
      String action,
      String outcome,
      String key,
      String from,
      String to) {
    plain("department", department);
    plain("dataset", dataset);
    plain("actor", actor);
    plain("action", action);
    plain("key", key);
    if (outcome != null && !OUTCOMES.contains(outcome)) {
      throw bad("outcome must be one of ALLOWED, DENIED, FAILED.");
    }
    if (key != null && (key.isEmpty() || key.length() > AuditLimits.NAME)) {
      throw bad(
          "key must be 1 to "
              + AuditLimits.NAME
              + " characters: events name record keys of at most that length.");
    }
    return new AuditLog.Filter(
        department, dataset, actor, action, outcome, key, instant(from, "from"), instant(to, "to"));
  }

  private static Instant instant(String value, String name) {
    if (value == null) {
      return null;
    }
    Instant instant;
    try {
      instant = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw bad(name + " must be an ISO-8601 instant, e.g. 2026-11-01T00:00:00Z.");
    }
    if (instant.isBefore(FIRST_INSTANT) || instant.isAfter(LAST_INSTANT)) {
      throw bad(name + " must lie between years 0001 and 9999.");
    }
    return instant;
  }

  /**
   * Refuses a filter holding NUL, another control character or an unpaired surrogate: no event
   * carries one, and PostgreSQL refuses NUL in text outright.
   */
  private static void plain(String name, String value) {
    if (value == null) {
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean pairedSurrogate =
          Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1));
      if (pairedSurrogate) {
        i++;
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        throw bad(name + " contains NUL, a control character or an unpaired surrogate.");
      }
    }
  }

  private static long decodeCursor(String cursor) {
    long leafIndex;
    try {
      leafIndex =
          Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "cursor is not valid.");
    }
    if (leafIndex < 0) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "cursor is not valid.");
    }
    return leafIndex;
  }

  private static Caller caller(Jwt token) {
    return Caller.fromClaims(token.getClaims());
  }

  private static ResponseStatusException bad(String detail) {
    return new ResponseStatusException(HttpStatus.UNPROCESSABLE_CONTENT, detail);
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
