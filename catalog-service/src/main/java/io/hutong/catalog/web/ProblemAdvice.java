package io.hutong.catalog.web;

import io.hutong.catalog.audit.CallContexts;
import io.hutong.catalog.rules.Refusal;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become RFC 9457 problem responses: domain {@link Refusal}s with
 * their stable types, Spring MVC's own errors (malformed JSON, wrong method, unknown path ...), and
 * a generic 500 for anything unexpected, logged, revealing nothing internal. Every answer's detail
 * is also the reason in the call's audit event.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  private final CallContexts calls;

  ProblemAdvice(CallContexts calls) {
    this.calls = calls;
  }

  @ExceptionHandler(Refusal.class)
  ProblemDetail refusal(Refusal refusal, HttpServletRequest request) {
    HttpStatus status =
        switch (refusal.kind()) {
          case MALFORMED -> HttpStatus.BAD_REQUEST;
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case CONFLICT -> HttpStatus.CONFLICT;
          case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, refusal.getMessage());
    problem.setType(URI.create("urn:hutong:problem:" + refusal.type()));
    refusal.extensions().forEach(problem::setProperty);
    calls.of(request).refusedBecause(refusal.getMessage());
    return problem;
  }

  /** A concurrent request won a uniqueness race (e.g. two pending requests at once). */
  @ExceptionHandler(DataIntegrityViolationException.class)
  ProblemDetail conflict(DataIntegrityViolationException e, HttpServletRequest request) {
    String detail = "The change conflicts with one made at the same time; reload and retry.";
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
    problem.setType(URI.create("urn:hutong:problem:concurrent-change"));
    calls.of(request).refusedBecause(detail);
    log.info("integrity conflict: {}", e.getMostSpecificCause().getMessage());
    return problem;
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception ex, HttpServletRequest request) {
    log.error("unhandled failure on {}", request.getRequestURI(), ex);
    String detail = "The request failed unexpectedly; it was logged.";
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, detail);
    problem.setType(Problems.INTERNAL);
    calls.of(request).refusedBecause(detail);
    return problem;
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (RequestSizeLimit.tooLarge(ex)) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.CONTENT_TOO_LARGE, RequestSizeLimit.detail(ex));
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
    if (response != null && response.getBody() instanceof ProblemDetail problem) {
      problem.setType(typeFor(status));
      if (request instanceof NativeWebRequest web
          && web.getNativeRequest() instanceof HttpServletRequest servlet) {
        calls.of(servlet).refusedBecause(problem.getDetail());
      }
    }
    return response;
  }

  /** The first line of Jackson's message, without the source excerpt it may append. */
  private static String summary(HttpMessageNotReadableException ex) {
    Throwable cause = ex.getMostSpecificCause();
    String message = cause.getMessage() == null ? "unreadable" : cause.getMessage();
    int cut = message.indexOf('\n');
    message = cut > 0 ? message.substring(0, cut) : message;
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }

  private static URI typeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> Problems.MALFORMED_REQUEST;
      case 404 -> Problems.NOT_FOUND;
      case 405 -> Problems.METHOD_NOT_ALLOWED;
      case 413 -> Problems.PAYLOAD_TOO_LARGE;
      case 415 -> Problems.UNSUPPORTED_MEDIA_TYPE;
      default -> status.is5xxServerError() ? Problems.INTERNAL : Problems.INVALID_REQUEST;
    };
  }
}
