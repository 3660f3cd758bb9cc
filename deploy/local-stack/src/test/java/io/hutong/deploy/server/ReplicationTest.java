package io.hutong.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReplicationTest {

  @Test
  void oneBrokerKeepsOneCopyAndThreeOrMoreKeepThreeWithTwoInSync() {
    assertThat(new Replication(1).factor()).isEqualTo(1);
    assertThat(new Replication(1).minInsyncReplicas()).isEqualTo(1);
    assertThat(new Replication(2).factor()).isEqualTo(2);
    assertThat(new Replication(2).minInsyncReplicas()).isEqualTo(1);
    assertThat(new Replication(3).factor()).isEqualTo(3);
    assertThat(new Replication(3).minInsyncReplicas()).isEqualTo(2);
    assertThat(new Replication(5).factor()).isEqualTo(3);
    assertThat(new Replication(5).minInsyncReplicas()).isEqualTo(2);
    assertThatThrownBy(() -> new Replication(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBrokersCarryItForEveryTopicInternalOnesIncluded() {
    assertThat(new Replication(3).brokerSettings())
        .contains(
            "default.replication.factor=3",
            "min.insync.replicas=2",
            "offsets.topic.replication.factor=3",
            "transaction.state.log.replication.factor=3",
            "transaction.state.log.min.isr=2");
  }
}
