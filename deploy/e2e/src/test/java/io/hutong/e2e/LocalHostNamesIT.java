package io.hutong.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.KeycloakServer;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.Tokens;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A token is accepted whichever local host name the caller used to fetch it: Keycloak's hostname is
 * fixed, so {@code http://127.0.0.1:<port>} and {@code http://localhost:<port>} issue tokens with
 * the same {@code iss}, which every service and the gateway expect.
 */
@ExtendWith(HutongStack.class)
class LocalHostNamesIT {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "localhost"})
  void aTokenFetchedThroughEitherLocalAddressIsAcceptedEverywhere(String host) throws Exception {
    E2ePlatform platform = E2ePlatform.get();
    KeycloakServer keycloak = platform.stack().keycloak();
    Tokens tokens = new Tokens(keycloak.tokenUri(host));
    String system = "Bearer " + tokens.accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM);
    String auditor = "Bearer " + tokens.accessToken(LocalIdentity.AUDITOR);

    assertMeAnswers200(platform, platform.port(E2ePlatform.CATALOG), system, "catalog");
    assertMeAnswers200(platform, platform.port(E2ePlatform.EXCHANGE), system, "exchange");
    assertMeAnswers200(platform, platform.port(E2ePlatform.AUDIT), auditor, "audit");
    assertMeAnswers200(platform, platform.gatewayPort(), system, "catalog");
  }

  private static void assertMeAnswers200(
      E2ePlatform platform, int port, String authorization, String service) throws Exception {
    E2ePlatform.Reply reply =
        platform.callPort(port, authorization, "GET", "/api/" + service + "/v1/me", null, Map.of());
    assertThat(reply.status())
        .as(service + " /me on port " + port + ": " + reply.text())
        .isEqualTo(200);
  }
}
