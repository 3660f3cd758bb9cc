package io.hutong.service.security;

import io.hutong.schemas.problem.ProblemTypes;
import io.hutong.service.audit.AuditTrail;
import io.hutong.service.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Security refusals as RFC 9457 problem+json: 401 keeps the {@code WWW-Authenticate} header that
 * OAuth2 clients rely on, and both say what was wrong without leaking token contents. Each refusal
 * is audited ({@code REQUEST_REJECTED}), so calls that reach a service directly with a bad token
 * leave a trace too.
 */
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final BearerTokenAuthenticationEntryPoint bearer =
      new BearerTokenAuthenticationEntryPoint();
  private final AuditTrail audit;

  public ProblemSecurityHandlers(AuditTrail audit) {
    this.audit = audit;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    bearer.commence(request, response, failure);
    String detail =
        request.getHeader("Authorization") == null
            ? "This endpoint needs a bearer token from Keycloak realm hutong."
            : "The bearer token was rejected: it is invalid, expired, or not issued for Hutong.";
    refuse(request, response, 401, detail);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    refuse(request, response, 403, "Your roles or department do not allow this call.");
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, int status, String detail)
      throws IOException {
    audit.rejectedBySecurity(request, status + " " + detail);
    ProblemResponses.write(request, response, status, ProblemTypes.forStatus(status), detail);
  }
}
