package io.hutong.catalog.events;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends messages to the transactional outbox. Called inside the transaction of the change a
 * message describes, so the change and its message commit or roll back together; {@link
 * OutboxRelay} moves committed messages to Kafka.
 */
@Component
public class Outbox {

  private final JdbcClient jdbc;
  private final OutboxRelay relay;

  Outbox(JdbcClient jdbc, OutboxRelay relay) {
    this.jdbc = jdbc;
    this.relay = relay;
  }

  /** Adds a message; the relay is nudged once the surrounding transaction commits. */
  public void append(String topic, String key, byte[] payload) {
    jdbc.sql("insert into outbox (topic, message_key, payload) values (?, ?, ?)")
        .params(topic, key, payload)
        .update();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              relay.nudge();
            }
          });
    } else {
      relay.nudge();
    }
  }
}
