package io.hutong.deploy.server;

import io.hutong.schemas.audit.AuditTopics;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.data.DataTopics;
import io.hutong.schemas.quality.QualityTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the platform's Kafka cluster: the least-privilege ACL table, as data. The
 * stack creates exactly these bindings at start (as the operator principal); the access test checks
 * every principal against them; the README's table is this list.
 *
 * <p>Each platform service is its own principal — its Keycloak client id, taken from the token's
 * {@code azp} claim by the broker's OAUTHBEARER validator. Department systems have no Kafka
 * principal at all: their only way to data is the audited REST API. The broker's own principal and
 * the operator (who creates these ACLs) are the only super users; {@code
 * allow.everyone.if.no.acl.found=false}, so whatever is not listed here is denied.
 *
 * <p>{@link AclOperation#DESCRIBE} is implied by READ and WRITE, and idempotent producers need only
 * WRITE on their topics (KIP-679), so neither is granted separately.
 */
public final class KafkaAccess {

  /** The platform services that hold Kafka credentials, with their Keycloak client ids. */
  public enum Service {
    CATALOG("hutong-catalog"),
    EXCHANGE("hutong-exchange"),
    AUDIT("hutong-audit"),
    GATEWAY("hutong-gateway");

    private final String clientId;

    Service(String clientId) {
      this.clientId = clientId;
    }

    /** The Keycloak client id, which is also the Kafka principal name. */
    public String clientId() {
      return clientId;
    }

    public String principal() {
      return "User:" + clientId;
    }

    /** The environment variable holding its client secret when Keycloak imports the realm. */
    public String secretVariable() {
      return "HUTONG_KAFKA_CLIENT_SECRET_" + name();
    }

    /** The name of its client secret in {@link InstallationSecrets}. */
    public String secretName() {
      return "kafka.client." + clientId;
    }

    /** The service of the platform process called {@code name} (e.g. {@code exchange-service}). */
    public static Service forProcess(String name) {
      return valueOf(name.replace("-service", "").toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** The broker's own principal (SCRAM-SHA-512), used between brokers and to the controller. */
  public static final String BROKER = "hutong-broker";

  /** The operator's principal (SCRAM-SHA-512): creates these ACLs; used by tests to inspect. */
  public static final String OPERATOR = "hutong-operator";

  private KafkaAccess() {}

  /** One grant: a principal may perform {@code operations} on resources matching a pattern. */
  public record Grant(
      Service service,
      ResourceType type,
      String name,
      PatternType pattern,
      List<AclOperation> operations) {

    /** The Kafka ACL bindings of this grant, one per operation. */
    public List<AclBinding> bindings() {
      ResourcePattern resource = new ResourcePattern(type, name, pattern);
      return operations.stream()
          .map(
              op ->
                  new AclBinding(
                      resource,
                      new AccessControlEntry(
                          service.principal(), "*", op, AclPermissionType.ALLOW)))
          .toList();
    }
  }

  /**
   * The whole table. Services that declare a shared topic may also create it, so whichever starts
   * first creates it with the agreed settings.
   */
  public static List<Grant> grants() {
    List<AclOperation> write = List.of(AclOperation.WRITE, AclOperation.CREATE);
    List<Grant> grants = new ArrayList<>();
    grants.add(topic(Service.CATALOG, CatalogTopics.EVENTS, write));
    grants.add(topic(Service.CATALOG, AuditTopics.EVENTS, write));
    // Sharing statistics count from the audit events; quality figures come from the exchange.
    grants.add(topic(Service.CATALOG, AuditTopics.EVENTS, List.of(AclOperation.READ)));
    grants.add(group(Service.CATALOG, AuditTopics.CATALOG_USAGE_GROUP));
    grants.add(
        topic(
            Service.CATALOG,
            QualityTopics.BUCKETS,
            List.of(AclOperation.READ, AclOperation.CREATE)));
    grants.add(group(Service.CATALOG, QualityTopics.CATALOG_GROUP));
    grants.add(
        new Grant(
            Service.EXCHANGE,
            ResourceType.TOPIC,
            DataTopics.PREFIX,
            PatternType.PREFIXED,
            List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE)));
    grants.add(
        new Grant(
            Service.EXCHANGE,
            ResourceType.TRANSACTIONAL_ID,
            DataTopics.TRANSACTIONAL_ID_PREFIX,
            PatternType.PREFIXED,
            List.of(AclOperation.WRITE)));
    grants.add(
        new Grant(
            Service.EXCHANGE,
            ResourceType.GROUP,
            DataTopics.SUBSCRIPTION_GROUP_PREFIX,
            PatternType.PREFIXED,
            List.of(AclOperation.READ)));
    grants.add(
        new Grant(
            Service.EXCHANGE,
            ResourceType.GROUP,
            DataTopics.LOOKUP_GROUP,
            PatternType.LITERAL,
            List.of(AclOperation.READ)));
    grants.add(
        topic(
            Service.EXCHANGE,
            CatalogTopics.EVENTS,
            List.of(AclOperation.READ, AclOperation.CREATE)));
    grants.add(topic(Service.EXCHANGE, AuditTopics.EVENTS, write));
    grants.add(topic(Service.EXCHANGE, QualityTopics.BUCKETS, write));
    grants.add(
        topic(
            Service.AUDIT,
            AuditTopics.EVENTS,
            List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE)));
    grants.add(
        new Grant(
            Service.AUDIT,
            ResourceType.GROUP,
            AuditTopics.GROUP_PREFIX,
            PatternType.PREFIXED,
            List.of(AclOperation.READ)));
    grants.add(topic(Service.GATEWAY, AuditTopics.EVENTS, write));
    return List.copyOf(grants);
  }

  /** Every binding of {@link #grants()}. */
  public static List<AclBinding> bindings() {
    return grants().stream().flatMap(grant -> grant.bindings().stream()).toList();
  }

  /** Creates the table's bindings (creating an existing binding is a no-op in Kafka). */
  public static void apply(Admin operator) {
    try {
      operator.createAcls(bindings()).all().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating Kafka ACLs", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create the platform's Kafka ACLs", e);
    }
  }

  private static Grant group(Service service, String group) {
    return new Grant(
        service, ResourceType.GROUP, group, PatternType.LITERAL, List.of(AclOperation.READ));
  }

  private static Grant topic(Service service, String topic, List<AclOperation> operations) {
    return new Grant(service, ResourceType.TOPIC, topic, PatternType.LITERAL, operations);
  }
}
