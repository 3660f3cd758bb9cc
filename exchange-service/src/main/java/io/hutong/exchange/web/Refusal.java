package io.hutong.exchange.web;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request the exchange refuses, carried to the client as an RFC 9457 problem with a stable {@code
 * type} ({@code urn:hutong:problem:<slug>}) and extension members such as {@code errors}.
 */
public class Refusal extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  public Refusal(HttpStatus status, String slug, String detail) {
    this(status, slug, detail, Map.of());
  }

  public Refusal(HttpStatus status, String slug, String detail, Map<String, Object> extensions) {
    super(status, problem(status, slug, detail, extensions), null);
  }

  private static ProblemDetail problem(
      HttpStatus status, String slug, String detail, Map<String, Object> extensions) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("urn:hutong:problem:" + slug));
    extensions.forEach(problem::setProperty);
    return problem;
  }

  public static Refusal forbidden(String detail) {
    return new Refusal(HttpStatus.FORBIDDEN, "forbidden", detail);
  }

  public static Refusal notFound(String what) {
    return new Refusal(HttpStatus.NOT_FOUND, "not-found", what + " does not exist.");
  }

  public static Refusal invalid(String detail) {
    return new Refusal(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", detail);
  }

  public static Refusal tooLarge(String detail) {
    return new Refusal(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", detail);
  }

  /** The detail, for audit reasons. */
  public String detail() {
    return getBody().getDetail();
  }
}
