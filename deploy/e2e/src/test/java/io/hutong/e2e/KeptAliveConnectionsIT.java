package io.hutong.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.LocalIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One kept-alive connection to the gateway carries routed calls and calls the gateway refuses
 * itself, one after the other, as every HTTP/1.1 client sends them. A refusal answered at once
 * right after a routed answer used to leave the connection unread (reactor-netty 1.3.6–1.3.7, issue
 * 4361): the caller's next request waited for its own timeout, and SecurityMatrixIT hung in CI
 * about one run in three. Each call here fails the test after the platform's call timeout, with the
 * processes' thread dumps beside their logs.
 */
@ExtendWith(HutongStack.class)
class KeptAliveConnectionsIT {

  private static final int ROUNDS = 150;

  @Test
  void refusalsAnsweredAtOnceAfterARoutedCallLeaveTheConnectionUsable() throws Exception {
    E2ePlatform platform = E2ePlatform.get();
    List<LocalIdentity> refused =
        List.of(LocalIdentity.CIVIL_AFFAIRS_SYSTEM, LocalIdentity.PUBLIC_SECURITY_SYSTEM);
    for (int round = 0; round < ROUNDS; round++) {
      E2ePlatform.Reply routed =
          platform.call(LocalIdentity.AUDITOR, "GET", "/api/audit/v1/me", null);
      assertThat(routed.status()).as("round %d: the auditor's routed call", round).isEqualTo(200);
      for (LocalIdentity who : refused) {
        E2ePlatform.Reply r = platform.call(who, "GET", "/api/audit/v1/me", null);
        assertThat(r.status())
            .as("round %d: %s refused by the gateway", round, who.name())
            .isEqualTo(403);
      }
    }
  }
}
