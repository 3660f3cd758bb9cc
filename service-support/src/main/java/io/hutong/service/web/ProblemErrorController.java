package io.hutong.service.web;

import io.hutong.schemas.problem.ProblemTypes;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's {@code /error} page: whatever the servlet container itself refuses (a path
 * it cannot decode, a body it cannot read, an error sent with {@code sendError}) is answered as
 * problem+json like every other refusal, never as an HTML page or Boot's own JSON shape.
 */
@RestController
public class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:${error.path:/error}}")
  void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
    int status = statusOf(request);
    ProblemResponses.write(
        request, response, status, ProblemTypes.forStatus(status), detailOf(request, status));
  }

  private static int statusOf(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 404;
    return status < 400 ? 500 : status;
  }

  private static String detailOf(HttpServletRequest request, int status) {
    Throwable failure =
        request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
    if (failure != null && RequestSizeLimit.find(failure) != null) {
      return RequestSizeLimit.find(failure).getMessage();
    }
    return switch (status) {
      case 400 ->
          "The request could not be read: its path, query or body is not well-formed"
              + " (for example, percent-encoding that is not UTF-8).";
      case 404 -> "There is no resource at this path.";
      case 405 -> "This method is not allowed on this resource.";
      case 413 -> "The request body is too large.";
      case 414 -> "The request URI is too long.";
      case 431 -> "The request's headers are too large.";
      default ->
          status >= 500
              ? "The request failed unexpectedly; it was logged."
              : ProblemTypes.title(status) + ".";
    };
  }
}
