package io.hutong.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;

/**
 * A Kafka OAUTHBEARER login that presents whatever token its JAAS option {@code token} holds,
 * without fetching or checking it — how a test hands the broker a forged token or a department
 * system's real Keycloak token and watches the broker refuse it.
 */
public final class StaticTokenLogin implements AuthenticateCallbackHandler {

  private String token;

  /** The {@code sasl.jaas.config} value that makes this login present {@code token}. */
  public static String jaas(String token) {
    return "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required token=\""
        + token
        + "\";";
  }

  @Override
  public void configure(
      Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> jaasConfigEntries) {
    token = (String) jaasConfigEntries.getFirst().getOptions().get("token");
  }

  @Override
  public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
    for (Callback callback : callbacks) {
      if (callback instanceof OAuthBearerTokenCallback tokenCallback) {
        long now = System.currentTimeMillis();
        String value = token;
        tokenCallback.token(
            new OAuthBearerToken() {
              @Override
              public String value() {
                return value;
              }

              @Override
              public Set<String> scope() {
                return Set.of();
              }

              @Override
              public long lifetimeMs() {
                return now + 300_000;
              }

              @Override
              public String principalName() {
                return "presented";
              }

              @Override
              public Long startTimeMs() {
                return now;
              }
            });
      } else {
        throw new UnsupportedCallbackException(callback);
      }
    }
  }

  @Override
  public void close() {}
}
