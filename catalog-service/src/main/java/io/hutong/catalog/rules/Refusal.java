package io.hutong.catalog.rules;

import java.util.Map;

/**
 * A request the catalogue refuses because a rule says no. Domain code throws these; the web layer
 * turns each into an RFC 9457 problem with the {@link Kind}'s status and the refusal's stable
 * {@code type} slug, so no refusal ever becomes a 500.
 */
public class Refusal extends RuntimeException {

  /** What kind of no: decides the HTTP status. */
  public enum Kind {
    /** 400: the request cannot be understood. */
    MALFORMED,
    /** 403: the caller may not do this. */
    FORBIDDEN,
    /** 404: no such resource. */
    NOT_FOUND,
    /** 409: conflicts with the current state (duplicate, already decided, incompatible). */
    CONFLICT,
    /** 422: understood, but breaks a rule of the catalogue. */
    UNPROCESSABLE
  }

  private final Kind kind;
  private final String type;
  private final transient Map<String, Object> extensions;

  public Refusal(Kind kind, String type, String detail) {
    this(kind, type, detail, Map.of());
  }

  public Refusal(Kind kind, String type, String detail, Map<String, Object> extensions) {
    super(detail);
    this.kind = kind;
    this.type = type;
    this.extensions = Map.copyOf(extensions);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Stable slug, e.g. {@code schema-incompatible}; the problem type is {@code
   * urn:hutong:problem:<slug>}.
   */
  public String type() {
    return type;
  }

  /** Extra problem members, e.g. {@code incompatibilities}. */
  public Map<String, Object> extensions() {
    return extensions;
  }

  public static Refusal notFound(String what) {
    return new Refusal(Kind.NOT_FOUND, "not-found", what + " does not exist.");
  }

  public static Refusal forbidden(String detail) {
    return new Refusal(Kind.FORBIDDEN, "forbidden", detail);
  }

  public static Refusal invalid(String detail) {
    return new Refusal(Kind.UNPROCESSABLE, "invalid-request", detail);
  }

  public static Refusal conflict(String type, String detail) {
    return new Refusal(Kind.CONFLICT, type, detail);
  }
}
