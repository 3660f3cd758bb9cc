package io.hutong.service.audit;

import io.hutong.schemas.identity.Caller;
import io.hutong.service.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Gives every API call its {@link CallContext} (controllers take it as a parameter), names its
 * action from {@link Audited}, and writes the call's audit event when it completes unless the
 * service already did (in its transaction, or before answering).
 */
public class CallContexts implements HandlerInterceptor, HandlerMethodArgumentResolver {

  private static final String ATTRIBUTE = CallContext.class.getName();

  private final AuditTrail audit;

  public CallContexts(AuditTrail audit) {
    this.audit = audit;
  }

  /** The context of {@code request}, created on first use. */
  public static CallContext of(HttpServletRequest request) {
    Object existing = request.getAttribute(ATTRIBUTE);
    if (existing instanceof CallContext call) {
      return call;
    }
    CallContext call =
        new CallContext(
            currentCaller(),
            RequestIds.of(request),
            sourceAddress(request),
            request.getRequestURI());
    request.setAttribute(ATTRIBUTE, call);
    return call;
  }

  /** Notes why the call was refused, if it has a context; its audit event carries the reason. */
  public static void noteRefusal(HttpServletRequest request, String reason) {
    if (request.getAttribute(ATTRIBUTE) instanceof CallContext call) {
      call.refusedBecause(reason);
    }
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    CallContext call = of(request);
    if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(Audited.class)) {
      Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
      String dataset =
          variables instanceof Map<?, ?> map && map.get("code") instanceof String code
              ? code
              : null;
      call.about(method.getMethodAnnotation(Audited.class).value(), dataset, null);
    }
    return true;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    if (request.getAttribute(ATTRIBUTE) instanceof CallContext call && !request.isAsyncStarted()) {
      audit.completed(call, ex != null && response.getStatus() < 400 ? 500 : response.getStatus());
    }
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == CallContext.class;
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer container,
      NativeWebRequest request,
      WebDataBinderFactory binders) {
    return of(request.getNativeRequest(HttpServletRequest.class));
  }

  private static Caller currentCaller() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof JwtAuthenticationToken jwt) {
      return Caller.fromClaims(jwt.getToken().getClaims());
    }
    return null;
  }

  /** The client as the gateway saw it (first X-Forwarded-For hop), else the peer address. */
  static String sourceAddress(HttpServletRequest request) {
    String forwarded = request.getHeader("X-Forwarded-For");
    if (forwarded != null && !forwarded.isBlank()) {
      return forwarded.split(",")[0].trim();
    }
    return request.getRemoteAddr();
  }
}
