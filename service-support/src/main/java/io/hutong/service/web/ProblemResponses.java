package io.hutong.service.web;

import io.hutong.schemas.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Writes a problem+json answer straight onto the servlet response, for the places that answer
 * before Spring MVC runs (filters, security handlers, the firewall, the container's error
 * dispatch). Every such answer carries the call's {@code X-Request-Id}.
 */
public final class ProblemResponses {

  private ProblemResponses() {}

  public static void write(
      HttpServletRequest request, HttpServletResponse response, int status, URI type, String detail)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    byte[] body =
        ProblemTypes.json(status, type, detail, RequestIds.instance(request))
            .getBytes(StandardCharsets.UTF_8);
    response.resetBuffer();
    response.setStatus(status);
    RequestIds.echo(request, response);
    response.setContentType("application/problem+json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }
}
