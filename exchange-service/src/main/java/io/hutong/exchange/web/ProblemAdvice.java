package io.hutong.exchange.web;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become RFC 9457 problem responses. Spring MVC's own errors
 * (malformed JSON, wrong method, unknown path ...) get stable Hutong {@code type}s; anything
 * unexpected is logged and answered with a generic 500 that reveals nothing internal.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> response =
        super.handleExceptionInternal(ex, body, headers, status, request);
    if (response != null
        && response.getBody() instanceof ProblemDetail problem
        && URI.create("about:blank").equals(problem.getType())) {
      problem.setType(typeFor(status));
    }
    return response;
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      org.springframework.http.converter.HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (RequestSizeLimit.tooLarge(ex)) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.CONTENT_TOO_LARGE, RequestSizeLimit.detail(ex));
      return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
    }
    return super.handleHttpMessageNotReadable(ex, headers, status, request);
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception ex) {
    log.error("unhandled failure", ex);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "The request failed unexpectedly; it was logged.");
    problem.setType(Problems.INTERNAL);
    return problem;
  }

  private static URI typeFor(HttpStatusCode status) {
    return switch (status.value()) {
      case 400 -> Problems.MALFORMED_REQUEST;
      case 404 -> Problems.NOT_FOUND;
      case 405 -> Problems.METHOD_NOT_ALLOWED;
      case 413 -> Problems.PAYLOAD_TOO_LARGE;
      case 415 -> Problems.UNSUPPORTED_MEDIA_TYPE;
      case 422 -> Problems.INVALID_REQUEST;
      default -> status.is5xxServerError() ? Problems.INTERNAL : Problems.INVALID_REQUEST;
    };
  }
}
