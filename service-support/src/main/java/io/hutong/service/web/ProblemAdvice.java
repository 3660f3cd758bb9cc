package io.hutong.service.web;

import io.hutong.schemas.problem.ProblemTypes;
import io.hutong.service.audit.CallContexts;
import io.hutong.service.failure.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures inside Spring MVC become RFC 9457 problem responses: domain {@link
 * Refusal}s with their stable types, Spring MVC's own errors (malformed JSON, wrong method, unknown
 * path, unreadable parameters ...) with the generic Hutong types, and a generic 500 for anything
 * unexpected, logged, revealing nothing internal. Every answer's detail is also the reason in the
 * call's audit event.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler(Refusal.class)
  ResponseEntity<ProblemDetail> refusal(Refusal refusal, HttpServletRequest request) {
    HttpStatus status = statusOf(refusal.kind());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, refusal.detail());
    problem.setType(ProblemTypes.of(refusal.type()));
    refusal.extensions().forEach(problem::setProperty);
    HttpHeaders headers = new HttpHeaders();
    if (refusal.retryAfter() != null) {
      headers.set(
          HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, refusal.retryAfter().toSeconds())));
    }
    return answer(problem, headers, request);
  }

  /** The firewall found a forbidden character or sequence only when a parameter was read. */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<ProblemDetail> rejected(RequestRejectedException e, HttpServletRequest request) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, Firewall.DETAIL);
    problem.setType(ProblemTypes.MALFORMED_REQUEST);
    return answer(problem, new HttpHeaders(), request);
  }

  /** Tomcat could not decode a parameter (percent-encoding that is not UTF-8). */
  @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
  ResponseEntity<ProblemDetail> undecodable(
      org.apache.tomcat.util.http.InvalidParameterException e, HttpServletRequest request) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "The query string is not well-formed percent-encoded UTF-8.");
    problem.setType(ProblemTypes.MALFORMED_REQUEST);
    return answer(problem, new HttpHeaders(), request);
  }

  /** A concurrent request won a uniqueness race (e.g. two pending requests at once). */
  @ExceptionHandler(DuplicateKeyException.class)
  ResponseEntity<ProblemDetail> conflict(DuplicateKeyException e, HttpServletRequest request) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.CONFLICT,
            "The change conflicts with one made at the same time; reload and retry.");
    problem.setType(ProblemTypes.CONCURRENT_CHANGE);
    log.info("integrity conflict: {}", e.getMostSpecificCause().getMessage());
    return answer(problem, new HttpHeaders(), request);
  }

  /**
   * The database cannot be reached or a transaction could not be completed (PostgreSQL restarting,
   * connections exhausted): the platform's trouble, temporary, so 503 with a time to retry.
   */
  @ExceptionHandler({
    org.springframework.dao.DataAccessResourceFailureException.class,
    org.springframework.dao.TransientDataAccessException.class,
    org.springframework.transaction.TransactionException.class
  })
  ResponseEntity<ProblemDetail> databaseUnavailable(Exception e, HttpServletRequest request) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The service's database is not available right now. Retry shortly.");
    problem.setType(ProblemTypes.SERVICE_UNAVAILABLE);
    log.warn("database unavailable on {}: {}", request.getRequestURI(), e.toString());
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, "2");
    return answer(problem, headers, request);
  }

  /**
   * The database refused a value no rule caught (a bug in validation, not the client's fault to
   * see).
   */
  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> refusedByDatabase(
      DataIntegrityViolationException e, HttpServletRequest request) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.UNPROCESSABLE_CONTENT, "A value of the request cannot be stored.");
    problem.setType(ProblemTypes.INVALID_REQUEST);
    log.warn("database refused a value: {}", e.getMostSpecificCause().getMessage());
    return answer(problem, new HttpHeaders(), request);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    TooLargeOrNull tooLarge = TooLargeOrNull.of(e);
    if (tooLarge.value() != null) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.CONTENT_TOO_LARGE, tooLarge.value().getMessage());
      problem.setType(ProblemTypes.PAYLOAD_TOO_LARGE);
      return answer(problem, new HttpHeaders(), request);
    }
    log.error("unhandled failure on {}", request.getRequestURI(), e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "The request failed unexpectedly; it was logged.");
    problem.setType(ProblemTypes.INTERNAL);
    return answer(problem, new HttpHeaders(), request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    RequestSizeLimit.TooLarge tooLarge = RequestSizeLimit.find(ex);
    if (tooLarge != null) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
      return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            "The request body is not valid JSON of the expected shape: " + summary(ex));
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> response =
        super.handleExceptionInternal(ex, body, headers, status, request);
    if (response != null
        && response.getBody() instanceof ProblemDetail problem
        && request instanceof NativeWebRequest web
        && web.getNativeRequest() instanceof HttpServletRequest servlet) {
      complete(problem, status.value(), servlet);
    }
    return response;
  }

  private static ResponseEntity<ProblemDetail> answer(
      ProblemDetail problem, HttpHeaders headers, HttpServletRequest request) {
    complete(problem, problem.getStatus(), request);
    return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
  }

  /** Hutong type, title, instance; the reason noted for the call's audit event. */
  private static void complete(ProblemDetail problem, int status, HttpServletRequest request) {
    if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
      problem.setType(ProblemTypes.forStatus(status));
    }
    if (problem.getTitle() == null) {
      problem.setTitle(ProblemTypes.title(status));
    }
    if (problem.getDetail() == null) {
      problem.setDetail(ProblemTypes.title(status) + ".");
    }
    problem.setInstance(URI.create(safeInstance(request)));
    CallContexts.noteRefusal(request, problem.getDetail());
  }

  private static String safeInstance(HttpServletRequest request) {
    String path = RequestIds.instance(request);
    try {
      return URI.create(path).toString();
    } catch (IllegalArgumentException e) {
      return "about:blank";
    }
  }

  static HttpStatus statusOf(Refusal.Kind kind) {
    return switch (kind) {
      case MALFORMED -> HttpStatus.BAD_REQUEST;
      case FORBIDDEN -> HttpStatus.FORBIDDEN;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case CONFLICT -> HttpStatus.CONFLICT;
      case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
      case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
      case TOO_MANY -> HttpStatus.TOO_MANY_REQUESTS;
      case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
    };
  }

  /** The first line of Jackson's message, without the source excerpt it may append. */
  private static String summary(HttpMessageNotReadableException ex) {
    Throwable cause = ex.getMostSpecificCause();
    String message = cause.getMessage() == null ? "unreadable" : cause.getMessage();
    int cut = message.indexOf('\n');
    message = cut > 0 ? message.substring(0, cut) : message;
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }

  private record TooLargeOrNull(RequestSizeLimit.TooLarge value) {
    static TooLargeOrNull of(Throwable e) {
      return new TooLargeOrNull(RequestSizeLimit.find(e));
    }
  }
}
