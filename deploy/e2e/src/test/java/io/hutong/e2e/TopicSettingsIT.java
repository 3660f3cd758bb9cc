package io.hutong.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hutong.deploy.junit.HutongStack;
import io.hutong.deploy.server.Replication;
import io.hutong.schemas.SharedTopics;
import io.hutong.schemas.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The topics the running platform actually created: every one replicated as the cluster says
 * ({@link Replication}: here one broker, so one copy and one in sync) and inheriting {@code
 * min.insync.replicas} from the brokers rather than pinning its own — so the same services get
 * three copies and two in sync on three brokers — and each shared topic with the partitions and
 * settings its owner specified.
 */
@ExtendWith(HutongStack.class)
class TopicSettingsIT {

  @Test
  void everyPlatformTopicIsReplicatedAsTheClusterSaysAndSharedTopicsAsSpecified() throws Exception {
    E2ePlatform platform = E2ePlatform.get();
    // One broker in the main test JVM: one copy, one in sync; three in the cluster tests' JVM.
    Replication cluster = new Replication(platform.stack().kafkaBrokers().size());
    try (Admin admin = Admin.create(platform.stack().kafka().operatorClient())) {
      Set<String> topics =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith("hutong."))
              .collect(Collectors.toSet());
      assertThat(topics)
          .as("the shared topics exist once the platform runs")
          .containsAll(SharedTopics.ALL.stream().map(TopicSpec::name).toList());

      Map<String, TopicDescription> descriptions =
          admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      List<ConfigResource> resources =
          topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);

      List<String> mismatches = new ArrayList<>();
      for (String topic : topics) {
        descriptions
            .get(topic)
            .partitions()
            .forEach(
                p -> {
                  if (p.replicas().size() != cluster.factor()) {
                    mismatches.add(
                        topic + "-" + p.partition() + " has " + p.replicas().size() + " replicas");
                  }
                });
        ConfigEntry minIsr =
            configs
                .get(new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .get("min.insync.replicas");
        if (!minIsr.value().equals(Integer.toString(cluster.minInsyncReplicas()))) {
          mismatches.add(topic + " min.insync.replicas=" + minIsr.value());
        }
        if (minIsr.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
          mismatches.add(topic + " pins its own min.insync.replicas instead of the cluster's");
        }
      }
      for (TopicSpec spec : SharedTopics.ALL) {
        if (descriptions.get(spec.name()).partitions().size() != spec.partitions()) {
          mismatches.add(
              spec.name()
                  + " has "
                  + descriptions.get(spec.name()).partitions().size()
                  + " partitions");
        }
        Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
        spec.configs()
            .forEach(
                (name, value) -> {
                  if (!value.equals(config.get(name).value())) {
                    mismatches.add(spec.name() + " " + name + "=" + config.get(name).value());
                  }
                });
      }
      assertThat(mismatches).isEmpty();
    }
  }
}
