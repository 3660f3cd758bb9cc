package io.hutong.deploy.server;

import io.hutong.deploy.server.KafkaAccess.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How every connection to the stack's Kafka broker is authenticated and encrypted: one {@code
 * SASL_SSL} listener with the local CA's certificate; platform services log in with {@code
 * OAUTHBEARER} tokens from realm {@code hutong} (client credentials, audience {@value #AUDIENCE},
 * principal = the token's {@code azp}, i.e. the Keycloak client id); the broker itself and the
 * operator log in with {@code SCRAM-SHA-512} credentials bootstrapped when the log directory is
 * formatted, so the broker never needs Keycloak to start or to talk to itself. The controller
 * listener binds to localhost only and authenticates the broker with {@code PLAIN}.
 *
 * <p>All of it — broker settings, Spring properties for services, raw client properties for tests
 * and tools — is derived here, once.
 */
public final class KafkaSecurity {

  /** Audience a token must carry for the broker to accept it. */
  public static final String AUDIENCE = "hutong-kafka";

  /**
   * JVM system property Kafka 4 requires before its OAUTHBEARER code fetches a token or keys from a
   * URL; every JVM holding an OAUTHBEARER client or validator sets it to exactly the URLs used.
   */
  public static final String ALLOWED_URLS_PROPERTY =
      "org.apache.kafka.sasl.oauthbearer.allowed.urls";

  private static final String OAUTH_LOGIN =
      "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";
  private static final String SCRAM_LOGIN =
      "org.apache.kafka.common.security.scram.ScramLoginModule";
  private static final String PLAIN_LOGIN =
      "org.apache.kafka.common.security.plain.PlainLoginModule";

  private static final String OPERATOR_CONFIG = "kafka-operator.properties";

  private final LocalCa ca;
  private final InstallationSecrets secrets;
  private final String issuer;

  public KafkaSecurity(LocalCa ca, InstallationSecrets secrets, String issuer) {
    this.ca = ca;
    this.secrets = secrets;
    this.issuer = issuer;
  }

  public String tokenEndpoint() {
    return issuer + "/protocol/openid-connect/token";
  }

  public String jwksEndpoint() {
    return issuer + "/protocol/openid-connect/certs";
  }

  /** The value of {@link #ALLOWED_URLS_PROPERTY} for JVMs of this stack. */
  public String allowedUrls() {
    return tokenEndpoint() + "," + jwksEndpoint();
  }

  /** Allows this JVM's OAUTHBEARER clients to fetch tokens from the stack's Keycloak. */
  public void allowInThisJvm() {
    String current = System.getProperty(ALLOWED_URLS_PROPERTY);
    if (current == null || !current.contains(tokenEndpoint())) {
      System.setProperty(
          ALLOWED_URLS_PROPERTY, current == null ? allowedUrls() : current + "," + allowedUrls());
    }
  }

  public LocalCa ca() {
    return ca;
  }

  /** The client secret of {@code service} (Keycloak imports it from the realm's placeholders). */
  public String clientSecret(Service service) {
    return secrets.password(service.secretName());
  }

  String brokerPassword() {
    return secrets.password("kafka.scram." + KafkaAccess.BROKER);
  }

  String operatorPassword() {
    return secrets.password("kafka.scram." + KafkaAccess.OPERATOR);
  }

  /** {@code kafka-storage format} arguments that bootstrap the two SCRAM users. */
  List<String> formatArguments() {
    return List.of(
        "--add-scram",
        "SCRAM-SHA-512=[name=" + KafkaAccess.BROKER + ",password=" + brokerPassword() + "]",
        "--add-scram",
        "SCRAM-SHA-512=[name=" + KafkaAccess.OPERATOR + ",password=" + operatorPassword() + "]");
  }

  /** The broker's listener, authentication and authorization settings. */
  List<String> brokerSettings(int port, int controllerPort) {
    String brokerJaas = jaas(SCRAM_LOGIN, KafkaAccess.BROKER, brokerPassword());
    return List.of(
        "listeners=SASL_SSL://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
        "advertised.listeners=SASL_SSL://localhost:" + port,
        "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT",
        "inter.broker.listener.name=SASL_SSL",
        "controller.listener.names=CONTROLLER",
        "sasl.enabled.mechanisms=OAUTHBEARER,SCRAM-SHA-512",
        "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
        "sasl.mechanism.controller.protocol=PLAIN",
        "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
        "listener.name.controller.plain.sasl.jaas.config="
            + PLAIN_LOGIN
            + " required username=\""
            + KafkaAccess.BROKER
            + "\" password=\""
            + brokerPassword()
            + "\" user_"
            + KafkaAccess.BROKER
            + "=\""
            + brokerPassword()
            + "\";",
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + brokerJaas,
        "listener.name.sasl_ssl.oauthbearer.sasl.jaas.config=" + OAUTH_LOGIN + " required ;",
        "listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class="
            + "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler",
        "sasl.oauthbearer.jwks.endpoint.url=" + jwksEndpoint(),
        "sasl.oauthbearer.expected.issuer=" + issuer,
        "sasl.oauthbearer.expected.audience=" + AUDIENCE,
        "sasl.oauthbearer.sub.claim.name=azp",
        "ssl.keystore.type=PKCS12",
        "ssl.keystore.location=" + ca.brokerKeystore(),
        "ssl.keystore.password=" + ca.keystorePassword(),
        "ssl.truststore.type=PEM",
        "ssl.truststore.location=" + ca.caCertificate(),
        "ssl.client.auth=none",
        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "allow.everyone.if.no.acl.found=false",
        "super.users=User:" + KafkaAccess.BROKER + ";User:" + KafkaAccess.OPERATOR);
  }

  /** Raw client properties (bootstrap included) for the operator principal. */
  public Map<String, Object> operatorClient(String bootstrapServers) {
    Map<String, Object> props = tls(bootstrapServers);
    props.put("sasl.mechanism", "SCRAM-SHA-512");
    props.put("sasl.jaas.config", jaas(SCRAM_LOGIN, KafkaAccess.OPERATOR, operatorPassword()));
    return props;
  }

  /**
   * Writes the operator's client configuration for Kafka's own command-line tools ({@code
   * --command-config} / {@code --consumer.config}) into the secrets directory; returns its path.
   */
  public java.nio.file.Path writeOperatorConfig(String bootstrapServers) {
    StringBuilder properties = new StringBuilder();
    operatorClient(bootstrapServers)
        .forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
    return secrets.writeDerived(OPERATOR_CONFIG, properties.toString());
  }

  /** Path of the file {@link #writeOperatorConfig} writes. */
  public java.nio.file.Path operatorConfig() {
    return secrets.dir().resolve(OPERATOR_CONFIG);
  }

  /** Raw client properties (bootstrap included) for a platform service's principal. */
  public Map<String, Object> serviceClient(String bootstrapServers, Service service) {
    allowInThisJvm();
    Map<String, Object> props = tls(bootstrapServers);
    props.putAll(oauth(service));
    return props;
  }

  /** Encrypted, CA-trusting, but with {@code mechanism} and a JAAS line of the caller's choice. */
  public Map<String, Object> tls(String bootstrapServers) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("security.protocol", "SASL_SSL");
    props.put("ssl.truststore.type", "PEM");
    props.put("ssl.truststore.location", ca.caCertificate().toString());
    return props;
  }

  /**
   * Spring Boot properties ({@code spring.kafka.*}) that make a service's Kafka clients connect as
   * {@code service}; the same keys work as environment variables through relaxed binding.
   */
  public Map<String, String> springProperties(Service service) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("spring.kafka.security.protocol", "SASL_SSL");
    props.put("spring.kafka.ssl.trust-store-type", "PEM");
    props.put("spring.kafka.ssl.trust-store-location", "file:" + ca.caCertificate());
    oauth(service).forEach((key, value) -> props.put("spring.kafka.properties." + key, value));
    return props;
  }

  private Map<String, String> oauth(Service service) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("sasl.mechanism", "OAUTHBEARER");
    props.put(
        "sasl.login.callback.handler.class",
        "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
    props.put("sasl.oauthbearer.token.endpoint.url", tokenEndpoint());
    props.put(
        "sasl.jaas.config",
        OAUTH_LOGIN
            + " required clientId=\""
            + service.clientId()
            + "\" clientSecret=\""
            + clientSecret(service)
            + "\";");
    return props;
  }

  private static String jaas(String module, String username, String password) {
    return module + " required username=\"" + username + "\" password=\"" + password + "\";";
  }
}
