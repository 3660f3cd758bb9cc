package io.hutong.exchange.web;

import io.hutong.exchange.publish.AuditEmitter;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.audit.Outcome;
import io.hutong.schemas.identity.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security refusals as RFC 9457 problem+json: 401 keeps the {@code WWW-Authenticate} header that
 * OAuth2 clients rely on, and both say what was wrong without leaking token contents. Each refusal
 * is audited ({@code REQUEST_REJECTED}), so calls that reach the service directly with a bad token
 * leave a trace too.
 */
@Component
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

  private final BearerTokenAuthenticationEntryPoint bearer =
      new BearerTokenAuthenticationEntryPoint();
  private final JsonMapper json;
  private final AuditEmitter audit;

  ProblemSecurityHandlers(JsonMapper json, AuditEmitter audit) {
    this.json = json;
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
    write(response, request, HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, detail);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    write(
        response,
        request,
        HttpStatus.FORBIDDEN,
        Problems.FORBIDDEN,
        "Your roles or department do not allow this call.");
  }

  private static Caller caller() {
    var authentication =
        org.springframework.security.core.context.SecurityContextHolder.getContext()
            .getAuthentication();
    return authentication
            instanceof
            org.springframework.security.oauth2.server.resource.authentication
                    .JwtAuthenticationToken
                token
        ? Caller.fromClaims(token.getToken().getClaims())
        : null;
  }

  private void write(
      HttpServletResponse response,
      HttpServletRequest request,
      HttpStatus status,
      URI type,
      String detail)
      throws IOException {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", type.toString());
    problem.put("title", status.getReasonPhrase());
    problem.put("status", status.value());
    problem.put("detail", detail);
    problem.put("instance", request.getRequestURI());
    audit.send(
        audit.event(
            caller(),
            request,
            AuditAction.REQUEST_REJECTED,
            Outcome.DENIED,
            null,
            request.getMethod() + " " + request.getRequestURI(),
            null,
            status.value() + " " + detail));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), problem);
  }
}
