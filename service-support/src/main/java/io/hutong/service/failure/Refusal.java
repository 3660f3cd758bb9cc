package io.hutong.service.failure;

import java.time.Duration;
import java.util.Map;

/**
 * A request a service refuses because a rule says no. Domain code throws these and says only
 * <em>what</em> went wrong ({@link Kind}, a stable {@code type} slug, a human detail); the web
 * layer maps the kind to an HTTP status and the slug to {@code urn:hutong:problem:<slug>}. Free of
 * HTTP types on purpose, so services never need them below their controllers.
 */
public class Refusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of no. */
  public enum Kind {
    /** The request cannot be understood (400). */
    MALFORMED,
    /** The caller may not do this (403). */
    FORBIDDEN,
    /** No such resource (404). */
    NOT_FOUND,
    /** Conflicts with the current state: duplicate, already decided, in flight (409). */
    CONFLICT,
    /** The request is larger than allowed (413). */
    TOO_LARGE,
    /** Understood, but breaks a rule (422). */
    UNPROCESSABLE,
    /** Too many at once; may succeed later (429). */
    TOO_MANY,
    /** A dependency the answer needs is not available now; retry later (503). */
    UNAVAILABLE
  }

  private final Kind kind;
  private final String type;
  private final transient Map<String, Object> extensions;
  private final Duration retryAfter;

  public Refusal(Kind kind, String type, String detail) {
    this(kind, type, detail, Map.of(), null);
  }

  public Refusal(Kind kind, String type, String detail, Map<String, Object> extensions) {
    this(kind, type, detail, extensions, null);
  }

  public Refusal(
      Kind kind, String type, String detail, Map<String, Object> extensions, Duration retryAfter) {
    super(detail, null, false, false);
    this.kind = kind;
    this.type = type;
    this.extensions = Map.copyOf(extensions);
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** Stable slug, e.g. {@code schema-incompatible}. */
  public String type() {
    return type;
  }

  /** The human explanation; also the reason in the call's audit event. */
  public String detail() {
    return getMessage();
  }

  /** Extra problem members, e.g. {@code errors}. */
  public Map<String, Object> extensions() {
    return extensions;
  }

  /** When a retry may succeed, for {@link Kind#TOO_MANY} and {@link Kind#UNAVAILABLE}; or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public static Refusal malformed(String detail) {
    return new Refusal(Kind.MALFORMED, "malformed-request", detail);
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

  public static Refusal tooLarge(String detail) {
    return new Refusal(Kind.TOO_LARGE, "payload-too-large", detail);
  }

  public static Refusal unavailable(String type, String detail, Duration retryAfter) {
    return new Refusal(Kind.UNAVAILABLE, type, detail, Map.of(), retryAfter);
  }
}
