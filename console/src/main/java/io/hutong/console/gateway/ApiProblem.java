package io.hutong.console.gateway;

import io.hutong.schemas.problem.ProblemTypes;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A call to the platform's API that was refused or failed, read from its RFC 9457 problem body:
 * pages turn it into words for the user (and, in forms, into a message next to the field it names).
 * Never shown as a stack trace.
 */
public class ApiProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;
  private final String detail;
  private final transient List<String> reasons;

  public ApiProblem(int status, String slug, String detail, List<String> reasons) {
    super(status + " " + slug + ": " + detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.detail = detail;
    this.reasons = List.copyOf(reasons);
  }

  /** The gateway could not be reached at all. */
  static ApiProblem unreachable() {
    return new ApiProblem(503, "service-unavailable", null, List.of());
  }

  /**
   * Reads a problem body; an answer that is not one (a proxy's page, nothing) still gives the
   * status, with the slug of the status's generic problem.
   */
  static ApiProblem read(int status, byte[] body, JsonMapper json) {
    String slug = null;
    String detail = null;
    List<String> reasons = new ArrayList<>();
    try {
      JsonNode problem = json.readTree(body);
      String type = problem.path("type").asString(null);
      if (type != null && type.startsWith(ProblemTypes.PREFIX)) {
        slug = type.substring(ProblemTypes.PREFIX.length());
      }
      detail = problem.path("detail").asString(null);
      for (JsonNode reason : problem.path("incompatibilities")) {
        reasons.add(reason.asString());
      }
      for (JsonNode error : problem.path("errors")) {
        String field = error.path("field").asString(null);
        String reason = error.path("reason").asString("");
        reasons.add(field == null ? reason : "field '" + field + "': " + reason);
      }
    } catch (RuntimeException notJson) {
      // Not a problem body: the status alone says what happened.
    }
    return new ApiProblem(status, slug != null ? slug : bySlugOfStatus(status), detail, reasons);
  }

  private static String bySlugOfStatus(int status) {
    return switch (status) {
      case 400 -> "malformed-request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 409 -> "conflict";
      case 429 -> "too-many-requests";
      case 503 -> "service-unavailable";
      case 504 -> "gateway-timeout";
      default -> status >= 500 ? "internal-error" : "invalid-request";
    };
  }

  public int status() {
    return status;
  }

  /** The problem type without {@code urn:hutong:problem:}, e.g. {@code schema-incompatible}. */
  public String slug() {
    return slug;
  }

  /** The API's own explanation (English), or null. */
  public String detail() {
    return detail;
  }

  /** Itemised reasons: schema incompatibilities, per-field errors. */
  public List<String> reasons() {
    return reasons;
  }
}
