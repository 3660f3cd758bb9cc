package io.hutong.audit.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the gateway's {@code X-Request-Id} into the logging context ({@code requestId}, printed with
 * every line of the call), so one call can be followed from the gateway through the service's log
 * to its audit event.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdLogging extends OncePerRequestFilter {

  static final String KEY = "requestId";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String id =
        io.hutong.schemas.audit.AuditLimits.requestIdOrNull(request.getHeader("X-Request-Id"));
    if (id == null) {
      chain.doFilter(request, response);
      return;
    }
    MDC.put(KEY, id);
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove(KEY);
    }
  }
}
