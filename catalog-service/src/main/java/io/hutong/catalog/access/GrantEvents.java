package io.hutong.catalog.access;

import io.hutong.catalog.events.CatalogEventLog;
import io.hutong.schemas.catalog.CatalogTopics;
import io.hutong.schemas.catalog.GrantIssued;
import io.hutong.schemas.catalog.GrantRevoked;
import org.springframework.stereotype.Component;

/** Maps grant changes to catalogue events keyed {@code grant:<id>}. */
@Component
class GrantEvents {

  private final CatalogEventLog log;

  GrantEvents(CatalogEventLog log) {
    this.log = log;
  }

  void issued(Grant grant, String actor) {
    log.append(
        CatalogTopics.grantKey(grant.id().toString()),
        GrantIssued.newBuilder()
            .setGrantId(grant.id())
            .setDataset(grant.dataset())
            .setProvider(grant.provider())
            .setConsumer(grant.consumer())
            .setFields(grant.fields())
            .setVerifyFields(grant.verifyFields())
            .setLookupQuota(grant.lookupQuota())
            .setPurpose(grant.purpose())
            .setValidFrom(grant.validFrom())
            .setValidUntil(grant.validUntil())
            .build(),
        actor);
  }

  void revoked(Grant grant, String actor) {
    ended(grant, grant.revokeReason(), grant.revokedBy(), grant.revokedAt(), false, actor);
  }

  void expired(Grant grant, String actor) {
    ended(
        grant,
        "validUntil " + grant.validUntil() + " passed",
        null,
        grant.expiredAt(),
        true,
        actor);
  }

  private void ended(
      Grant grant, String reason, String by, java.time.Instant at, boolean expired, String actor) {
    log.append(
        CatalogTopics.grantKey(grant.id().toString()),
        GrantRevoked.newBuilder()
            .setGrantId(grant.id())
            .setDataset(grant.dataset())
            .setConsumer(grant.consumer())
            .setReason(reason)
            .setRevokedBy(by)
            .setRevokedAt(at)
            .setExpired(expired)
            .build(),
        actor);
  }
}
