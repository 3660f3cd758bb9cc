package io.hutong.console.instance;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A person's sign-in lives in the console instance that signed them in (its HTTP session). When
 * several instances run behind the gateway, each names itself in a cookie the gateway's load
 * balancer reads ({@code sc-lb-instance-id}, Spring Cloud LoadBalancer's sticky-session cookie), so
 * a browser keeps reaching the same instance; should that instance die, the balancer sends the
 * browser to another, where the person signs in again. Only when {@code hutong.console.instance-id}
 * is set (the cluster shape); a single console needs no cookie.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnProperty("hutong.console.instance-id")
class InstanceCookie extends OncePerRequestFilter {

  /** The cookie Spring Cloud LoadBalancer's request-based sticky sessions read. */
  static final String NAME = "sc-lb-instance-id";

  private final String instanceId;

  InstanceCookie(@Value("${hutong.console.instance-id}") String instanceId) {
    this.instanceId = instanceId;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!instanceId.equals(current(request))) {
      Cookie cookie = new Cookie(NAME, instanceId);
      cookie.setPath("/console");
      cookie.setHttpOnly(true);
      cookie.setAttribute("SameSite", "Lax");
      response.addCookie(cookie);
    }
    chain.doFilter(request, response);
  }

  private static String current(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie cookie : cookies) {
        if (NAME.equals(cookie.getName())) {
          return cookie.getValue();
        }
      }
    }
    return null;
  }
}
