package io.hutong.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.Infrastructure;
import io.hutong.deploy.server.KafkaAccess;
import io.hutong.deploy.server.KafkaAccess.Service;
import io.hutong.deploy.server.LocalIdentity;
import io.hutong.deploy.server.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trust boundary below the API: every kind of Kafka client the world could point at the stack's
 * broker — no credentials, no TLS, a CA it does not trust, a wrong password, a forged token, a
 * department system's real token, and each platform service — tries to read, write and describe
 * every class of topic, and each outcome must match the ACL table of the README, written out here
 * independently of the code that creates the ACLs.
 */
@ExtendWith(HutongStack.class)
class KafkaAccessIT {

  private static final String DATA = "hutong.data.kafka-access.probe";
  private static final String CATALOG = "hutong.catalog.events";
  private static final String AUDIT = "hutong.audit.events";
  private static final String QUALITY = "hutong.quality.buckets";
  private static final List<String> TOPICS = List.of(DATA, CATALOG, AUDIT, QUALITY);

  private enum Op {
    READ,
    WRITE,
    DESCRIBE
  }

  /** The README's ACL table: what each service may do to each topic class; all else is denied. */
  private static final Map<Service, Map<String, Set<Op>>> TABLE =
      Map.of(
          Service.CATALOG,
              Map.of(
                  CATALOG, Set.of(Op.WRITE, Op.DESCRIBE),
                  AUDIT, Set.of(Op.READ, Op.WRITE, Op.DESCRIBE),
                  QUALITY, Set.of(Op.READ, Op.DESCRIBE)),
          Service.EXCHANGE,
              Map.of(
                  DATA, Set.of(Op.READ, Op.WRITE, Op.DESCRIBE),
                  CATALOG, Set.of(Op.READ, Op.DESCRIBE),
                  AUDIT, Set.of(Op.WRITE, Op.DESCRIBE),
                  QUALITY, Set.of(Op.WRITE, Op.DESCRIBE)),
          Service.AUDIT, Map.of(AUDIT, Set.of(Op.READ, Op.WRITE, Op.DESCRIBE)),
          Service.GATEWAY, Map.of(AUDIT, Set.of(Op.WRITE, Op.DESCRIBE)));

  private static Infrastructure stack;

  @BeforeAll
  static void topicsWithOneRecordEach(Infrastructure infrastructure) throws Exception {
    stack = infrastructure;
    try (Admin admin = Admin.create(stack.kafka().operatorClient())) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          TOPICS.stream()
              .filter(t -> !existing.contains(t))
              .map(t -> new NewTopic(t, 1, (short) 1))
              .toList();
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
    }
    try (var producer = producer(stack.kafka().operatorClient(), Duration.ofSeconds(30))) {
      for (String topic : TOPICS) {
        producer.send(new ProducerRecord<>(topic, 0, null, "seed".getBytes())).get();
      }
    }
  }

  @Test
  void eachServiceMayDoExactlyWhatTheAclTableSays() {
    List<String> mismatches = new ArrayList<>();
    for (Service service : Service.values()) {
      Map<String, Object> client = stack.kafka().serviceClient(service);
      for (String topic : TOPICS) {
        Set<Op> allowed = TABLE.get(service).getOrDefault(topic, Set.of());
        for (Op op : Op.values()) {
          Outcome outcome = attempt(client, op, topic, Duration.ofSeconds(20));
          boolean expected = allowed.contains(op);
          if (outcome.allowed() != expected) {
            mismatches.add(service + " " + op + " " + topic + ": " + outcome);
          } else if (!expected && !outcome.authorizationRefused()) {
            mismatches.add(
                service + " " + op + " " + topic + " refused, but not by ACL: " + outcome);
          }
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void transactionalIdsAndConsumerGroupsBelongToTheirServiceOnly() {
    assertThat(initTransactions(Service.EXCHANGE, "hutong-exchange-probe-0")).isEqualTo("allowed");
    assertThat(initTransactions(Service.CATALOG, "hutong-exchange-probe-0"))
        .contains("TransactionalIdAuthorizationException");
    assertThat(initTransactions(Service.EXCHANGE, "someone-else-0"))
        .contains("TransactionalIdAuthorizationException");

    assertThat(commit(Service.EXCHANGE, "hutong.sub.probe", DATA)).isEqualTo("allowed");
    assertThat(commit(Service.AUDIT, "hutong-audit-ingest-probe", AUDIT)).isEqualTo("allowed");
    assertThat(commit(Service.EXCHANGE, "hutong-audit-ingest-probe", CATALOG))
        .contains("GroupAuthorizationException");
    assertThat(commit(Service.AUDIT, "hutong.sub.probe", AUDIT))
        .contains("GroupAuthorizationException");
    // The catalogue counts usage and follows quality in its own groups, and only those.
    assertThat(commit(Service.CATALOG, "hutong.catalog.usage", AUDIT)).isEqualTo("allowed");
    assertThat(commit(Service.CATALOG, "hutong.catalog.quality", QUALITY)).isEqualTo("allowed");
    assertThat(commit(Service.CATALOG, "hutong-audit-ingest-probe", AUDIT))
        .contains("GroupAuthorizationException");
  }

  @Test
  void clientsWithoutValidCredentialsGetNothing() throws Exception {
    Map<String, Map<String, Object>> strangers = new LinkedHashMap<>();
    Map<String, Object> plaintext = new HashMap<>();
    plaintext.put("bootstrap.servers", stack.kafka().bootstrapServers());
    strangers.put("no credentials, no TLS (Kafka's console consumer as is)", plaintext);

    Map<String, Object> tlsNoSasl = stack.kafka().security().tls(stack.kafka().bootstrapServers());
    tlsNoSasl.put("security.protocol", "SSL");
    strangers.put("TLS without SASL", tlsNoSasl);

    Map<String, Object> untrusting = new HashMap<>(stack.kafka().operatorClient());
    untrusting.remove("ssl.truststore.type");
    untrusting.remove("ssl.truststore.location");
    strangers.put("the operator's password, but not trusting the local CA", untrusting);

    Map<String, Object> wrongPassword = new HashMap<>(stack.kafka().operatorClient());
    wrongPassword.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"hutong-operator\" password=\"guessed\";");
    strangers.put("the operator with a wrong password", wrongPassword);

    strangers.put(
        "a forged token claiming to be the exchange",
        presenting(forgedToken(Service.EXCHANGE.clientId())));
    strangers.put(
        "a department system's real Keycloak token",
        presenting(new Tokens(stack.keycloak()).accessToken(LocalIdentity.CIVIL_AFFAIRS_SYSTEM)));

    // Every attempt at once: a client that is dropped waits out its timeout, so in sequence they
    // would take minutes. Platform threads, not virtual ones: Kafka's client classes initialise
    // under log4j's lock, and virtual threads pinned in class initialisation deadlocked on two
    // cores.
    List<String> leaks = java.util.Collections.synchronizedList(new ArrayList<>());
    try (var attempts = java.util.concurrent.Executors.newFixedThreadPool(16)) {
      for (var stranger : strangers.entrySet()) {
        // Neither speaks SASL, so the broker just drops them: nothing reaches them, but no login
        // error either.
        boolean plain = stranger.getValue() == plaintext || stranger.getValue() == tlsNoSasl;
        for (String topic : TOPICS) {
          for (Op op : Op.values()) {
            attempts.submit(
                () -> {
                  Outcome outcome =
                      attempt(stranger.getValue(), op, topic, Duration.ofSeconds(plain ? 5 : 20));
                  if (outcome.allowed()) {
                    leaks.add(stranger.getKey() + " could " + op + " " + topic);
                  } else if (!plain && !outcome.authenticationRefused()) {
                    leaks.add(
                        stranger.getKey()
                            + " "
                            + op
                            + " "
                            + topic
                            + " not refused at login: "
                            + outcome);
                  }
                });
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void theBrokerHoldsExactlyTheTablesAclsAndNoWildcardPrincipal() throws Exception {
    try (Admin admin = Admin.create(stack.kafka().operatorClient())) {
      Set<AclBinding> acls =
          Set.copyOf(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS));
      assertThat(acls).containsExactlyInAnyOrderElementsOf(KafkaAccess.bindings());
      assertThat(acls.stream().map(b -> b.entry().principal()).collect(Collectors.toSet()))
          .doesNotContain("User:*")
          .containsExactlyInAnyOrder(
              "User:hutong-catalog",
              "User:hutong-exchange",
              "User:hutong-audit",
              "User:hutong-gateway");
    }
  }

  /** What one attempt came to: allowed, or the exception that refused it. */
  private record Outcome(boolean allowed, Throwable refusal) {

    boolean authorizationRefused() {
      return refusal instanceof AuthorizationException;
    }

    boolean authenticationRefused() {
      return refusal instanceof AuthenticationException;
    }

    @Override
    public String toString() {
      if (allowed) {
        return "allowed";
      }
      StringBuilder chain = new StringBuilder(String.valueOf(refusal));
      for (Throwable t = refusal.getCause(); t != null; t = t.getCause()) {
        chain.append(" <- ").append(t);
      }
      return chain.toString();
    }
  }

  private static Outcome attempt(
      Map<String, Object> client, Op op, String topic, Duration timeout) {
    try {
      boolean done =
          switch (op) {
            case DESCRIBE -> describe(client, topic, timeout);
            case WRITE -> write(client, topic, timeout);
            case READ -> read(client, topic, timeout);
          };
      return new Outcome(done, done ? null : new IllegalStateException("nothing within timeout"));
    } catch (Exception e) {
      return new Outcome(false, rootKafkaCause(e));
    }
  }

  private static boolean describe(Map<String, Object> client, String topic, Duration timeout)
      throws Exception {
    Map<String, Object> config = new HashMap<>(client);
    config.put("default.api.timeout.ms", (int) timeout.toMillis());
    config.put("request.timeout.ms", (int) timeout.toMillis());
    try (Admin admin = Admin.create(config)) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .containsKey(topic);
    }
  }

  private static boolean write(Map<String, Object> client, String topic, Duration timeout)
      throws Exception {
    try (var producer = producer(client, timeout)) {
      producer
          .send(new ProducerRecord<>(topic, 0, null, "probe".getBytes()))
          .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      return true;
    }
  }

  private static boolean read(Map<String, Object> client, String topic, Duration timeout) {
    try (var consumer = consumer(client, null)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!consumer.poll(Duration.ofMillis(500)).isEmpty()) {
          return true;
        }
      }
      return false;
    }
  }

  private static String initTransactions(Service service, String transactionalId) {
    Map<String, Object> config = new HashMap<>(stack.kafka().serviceClient(service));
    config.put("transactional.id", transactionalId);
    try (var producer = producer(config, Duration.ofSeconds(20))) {
      producer.initTransactions();
      return "allowed";
    } catch (Exception e) {
      return String.valueOf(rootKafkaCause(e));
    }
  }

  private static String commit(Service service, String group, String topic) {
    try (var consumer = consumer(stack.kafka().serviceClient(service), group)) {
      consumer.commitSync(
          Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)), Duration.ofSeconds(20));
      return "allowed";
    } catch (Exception e) {
      return String.valueOf(rootKafkaCause(e));
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(
      Map<String, Object> client, Duration timeout) {
    Map<String, Object> config = new HashMap<>(client);
    config.put("acks", "all");
    config.put("max.block.ms", (int) timeout.toMillis());
    config.put("request.timeout.ms", (int) timeout.toMillis());
    config.put("delivery.timeout.ms", (int) timeout.toMillis());
    config.put("linger.ms", 0);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> client, String group) {
    Map<String, Object> config = new HashMap<>(client);
    if (group != null) {
      config.put("group.id", group);
    }
    config.put("enable.auto.commit", false);
    config.put("default.api.timeout.ms", 20_000);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static Map<String, Object> presenting(String token) {
    Map<String, Object> client = stack.kafka().security().tls(stack.kafka().bootstrapServers());
    client.put("sasl.mechanism", "OAUTHBEARER");
    client.put("sasl.login.callback.handler.class", StaticTokenLogin.class.getName());
    client.put("sasl.jaas.config", StaticTokenLogin.jaas(token));
    return client;
  }

  /** A well-formed token with every claim the broker checks, signed by a key Keycloak never had. */
  private static String forgedToken(String clientId) throws Exception {
    var keys = KeyPairGenerator.getInstance("RSA");
    keys.initialize(2048);
    var pair = keys.generateKeyPair();
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"forged\"}";
    String claims =
        "{\"iss\":\""
            + stack.keycloak().issuer()
            + "\",\"aud\":\"hutong-kafka\",\"azp\":\""
            + clientId
            + "\",\"sub\":\""
            + clientId
            + "\",\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 300)
            + "}";
    var url = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        url.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(pair.getPrivate());
    rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + url.encodeToString(rsa.sign());
  }

  private static Throwable rootKafkaCause(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException
            || t.getCause() instanceof AuthorizationException
            || t.getCause() instanceof AuthenticationException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
