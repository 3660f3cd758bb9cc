package io.hutong.service.web;

import io.hutong.schemas.problem.ProblemTypes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers what Spring Security's strict firewall refuses (encoded slashes and dot-segments, NUL,
 * control characters in the path, parameters or headers) with a 400 problem instead of the
 * container's error page.
 */
public class Firewall implements RequestRejectedHandler {

  static final String DETAIL =
      "The request's path, parameters or headers contain characters or sequences that are not"
          + " allowed (encoded slashes or dot-segments, NUL or other control characters).";

  private static final Logger log = LoggerFactory.getLogger(Firewall.class);

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
      throws IOException {
    log.debug("request refused by the firewall: {}", rejected.getMessage());
    ProblemResponses.write(request, response, 400, ProblemTypes.MALFORMED_REQUEST, DETAIL);
  }
}
