package io.hutong.service.web;

import io.hutong.schemas.audit.AuditLimits;
import io.hutong.schemas.problem.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first filter of every call. It gives the call one request id — the gateway's {@code
 * X-Request-Id} when it has the agreed grammar, a new one when absent — echoes it on the response
 * (refusals included), and puts it into the logging context ({@code requestId}), so one call can be
 * followed from the gateway through the service's log to its audit event. A request id, or one of
 * the other headers the platform reads, that is over-long or not printable ASCII is refused with
 * 400 here, before anything else reads it; so is a query string that is not well-formed UTF-8,
 * holds control characters or gives a parameter twice ({@link QueryStrings}).
 */
public class RequestIds extends OncePerRequestFilter {

  /** The header carrying the request id. */
  public static final String HEADER = "X-Request-Id";

  /** The MDC key every log line of the call carries. */
  public static final String MDC_KEY = "requestId";

  private static final String ATTRIBUTE = RequestIds.class.getName();

  /** Headers the platform reads, with their longest accepted value. */
  private static final String[][] GUARDED = {
    {"Authorization", "8192"}, {"Idempotency-Key", "255"}, {"Last-Event-ID", "1024"}
  };

  /** The id of the call, or a new one if the filter did not run (a container error dispatch). */
  public static String of(HttpServletRequest request) {
    Object id = request.getAttribute(ATTRIBUTE);
    if (id instanceof String s) {
      return s;
    }
    String created = UUID.randomUUID().toString();
    request.setAttribute(ATTRIBUTE, created);
    return created;
  }

  /** Sets {@code X-Request-Id} on the response unless already set. */
  static void echo(HttpServletRequest request, HttpServletResponse response) {
    if (response.getHeader(HEADER) == null) {
      response.setHeader(HEADER, of(request));
    }
  }

  /** The path the problem is about, as the client sent it (bounded). */
  static String instance(HttpServletRequest request) {
    Object original = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
    String uri = original instanceof String s ? s : request.getRequestURI();
    return AuditLimits.bound(uri, AuditLimits.RESOURCE);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String given = request.getHeader(HEADER);
    String id = AuditLimits.requestIdOrNull(given);
    request.setAttribute(ATTRIBUTE, id != null ? id : UUID.randomUUID().toString());
    response.setHeader(HEADER, of(request));
    String refusal = given != null && id == null ? describe(HEADER, 100) : guardedHeaders(request);
    if (refusal == null) {
      refusal = QueryStrings.problem(request.getQueryString());
    }
    if (refusal != null) {
      ProblemResponses.write(request, response, 400, ProblemTypes.MALFORMED_REQUEST, refusal);
      return;
    }
    MDC.put(MDC_KEY, of(request));
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  private static String guardedHeaders(HttpServletRequest request) {
    for (String[] guarded : GUARDED) {
      int max = Integer.parseInt(guarded[1]);
      var values = request.getHeaders(guarded[0]);
      while (values != null && values.hasMoreElements()) {
        String value = values.nextElement();
        if (value.length() > max || !printableAscii(value)) {
          return describe(guarded[0], max);
        }
      }
    }
    return null;
  }

  private static String describe(String header, int max) {
    return "The "
        + header
        + " header must be printable ASCII of at most "
        + max
        + " characters"
        + (header.equals(HEADER) ? " (letters, digits, '.', '_', ':', '-')." : ".");
  }

  static boolean printableAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
