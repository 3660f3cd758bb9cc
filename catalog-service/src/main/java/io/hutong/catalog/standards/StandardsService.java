package io.hutong.catalog.standards;

import io.hutong.catalog.dataset.Dataset;
import io.hutong.catalog.dataset.DatasetRepository;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.service.audit.AuditTrail;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The field-standard use cases: the provider's data administrator replaces a dataset's whole set
 * (committed with its catalogue event and audit event); anyone reads it. Standards of older schema
 * versions stay as they were when a version is added: the provider sets the new version's
 * explicitly.
 */
@Service
public class StandardsService {

  private final DatasetRepository datasets;
  private final StandardsRepository standards;
  private final StandardsEvents events;
  private final AuditTrail audit;

  StandardsService(
      DatasetRepository datasets,
      StandardsRepository standards,
      StandardsEvents events,
      AuditTrail audit) {
    this.datasets = datasets;
    this.standards = standards;
    this.events = events;
    this.audit = audit;
  }

  /** Replaces the set of an active dataset the caller administers; the stored set is returned. */
  @Transactional
  StandardSet replace(CallContext call, String code, ViolationMode mode, List<Proposal> proposed) {
    String provider = providerOf(code);
    call.requireDataAdminOf(provider, "set standards of datasets of " + provider);
    Dataset dataset = datasets.lock(code).orElseThrow(() -> Refusal.notFound("Dataset " + code));
    dataset.requireActive("given standards");
    StandardSet set =
        StandardSet.replace(
            code, mode, proposed, standards.schemas(code), dataset.currentSchemaVersion());
    standards.replace(set);
    events.set(set, call.actor());
    audit.allowed(call);
    return set;
  }

  /** The dataset's set over all versions; anyone may read it. */
  StandardSet read(String code) {
    datasets.find(code).orElseThrow(() -> Refusal.notFound("Dataset " + code));
    return standards.find(code);
  }

  /** The set, for a dataset already read (the catalogue entry shows the current version's). */
  public StandardSet of(Dataset dataset) {
    return standards.find(dataset.code().toString());
  }

  private static String providerOf(String code) {
    try {
      return DatasetCode.parse(code).provider();
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(e.getMessage());
    }
  }
}
