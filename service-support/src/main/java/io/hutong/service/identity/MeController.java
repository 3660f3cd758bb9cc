package io.hutong.service.identity;

import io.hutong.schemas.identity.Caller;
import io.hutong.schemas.identity.HutongRole;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET <api-prefix>/me}: who the service thinks the caller is. The first call a new
 * integrator makes, and the quickest way to see that the department claim reaches the service.
 */
@RestController
public class MeController {

  @GetMapping("${hutong.service.api-prefix}/me")
  CallerView me(@AuthenticationPrincipal Jwt token) {
    return CallerView.of(Caller.fromClaims(token.getClaims()));
  }

  /** The caller as JSON: actor, department, roles, and whether it is a department system. */
  record CallerView(String actor, String department, List<String> roles, boolean system) {

    static CallerView of(Caller caller) {
      return new CallerView(
          caller.actor(),
          caller.department(),
          caller.roles().stream().map(HutongRole::claimValue).sorted().toList(),
          caller.system());
    }
  }
}
