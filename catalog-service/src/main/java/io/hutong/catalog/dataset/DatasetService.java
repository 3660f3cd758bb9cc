package io.hutong.catalog.dataset;

import io.hutong.catalog.dataset.SchemaVersionRepository.SchemaVersion;
import io.hutong.catalog.department.DepartmentRepository;
import io.hutong.catalog.rules.Page;
import io.hutong.catalog.rules.Times;
import io.hutong.catalog.schema.CompatibilityCheck;
import io.hutong.catalog.schema.DatasetSchema;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.service.audit.AuditTrail;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dataset use cases: register, edit, retire, evolve the schema, read and search. Each change
 * commits together with its catalogue events and its audit event.
 */
@Service
public class DatasetService {

  private final DatasetRepository datasets;
  private final SchemaVersionRepository schemas;
  private final DepartmentRepository departments;
  private final DatasetEvents events;
  private final AuditTrail audit;
  private final Clock clock;

  DatasetService(
      DatasetRepository datasets,
      SchemaVersionRepository schemas,
      DepartmentRepository departments,
      DatasetEvents events,
      AuditTrail audit,
      Clock clock) {
    this.datasets = datasets;
    this.schemas = schemas;
    this.departments = departments;
    this.events = events;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  Dataset register(CallContext call, String code, Dataset.Metadata metadata, String schemaJson) {
    DatasetCode parsed = parseCode(code);
    call.requireDataAdminOf(parsed.provider(), "register datasets of " + parsed.provider());
    if (departments.find(parsed.provider()).isEmpty()) {
      throw Refusal.invalid(
          "Department "
              + parsed.provider()
              + " is not registered; a platform administrator must register it first.");
    }
    DatasetSchema schema = DatasetSchema.parse(schemaJson);
    Instant now = Times.now(clock);
    Dataset dataset = Dataset.register(parsed, metadata, now, call.actor());
    if (!datasets.insert(dataset)) {
      throw Refusal.conflict("duplicate", "Dataset " + code + " is already registered.");
    }
    SchemaVersion first =
        new SchemaVersion(code, 1, schema.json(), schema.fingerprint(), now, call.actor());
    schemas.insert(first);
    events.published(dataset, first, call.actor());
    audit.allowed(call);
    return dataset;
  }

  @Transactional
  Dataset update(CallContext call, String code, Map<String, Object> patch) {
    Dataset dataset = lockOwned(call, code, "edit");
    dataset.update(MergePatch.apply(dataset.metadata(), patch), Times.now(clock));
    datasets.update(dataset);
    events.updated(dataset, call.actor());
    audit.allowed(call);
    return dataset;
  }

  @Transactional
  Dataset retire(CallContext call, String code, String reason) {
    Dataset dataset = lockOwned(call, code, "retire");
    dataset.retire(reason, Times.now(clock));
    datasets.update(dataset);
    events.retired(dataset, call.actor());
    audit.allowed(call);
    return dataset;
  }

  /** Adds the next schema version if it satisfies the dataset's compatibility mode. */
  @Transactional
  SchemaVersion addSchemaVersion(CallContext call, String code, String schemaJson) {
    Dataset dataset = lockOwned(call, code, "add schema versions to");
    dataset.requireActive("given new schema versions");
    DatasetSchema proposed = DatasetSchema.parse(schemaJson);
    List<SchemaVersion> previous = schemas.all(code);
    if (previous.getLast().fingerprint() == proposed.fingerprint()) {
      throw Refusal.conflict(
          "schema-unchanged",
          "The schema is identical to version " + previous.getLast().version() + ".");
    }
    List<Schema> earlier =
        previous.stream().map(v -> new Schema.Parser().parse(v.schemaJson())).toList();
    List<String> problems =
        CompatibilityCheck.problems(dataset.metadata().compatibility(), earlier, proposed.avro());
    if (!problems.isEmpty()) {
      throw new Refusal(
          Refusal.Kind.CONFLICT,
          "schema-incompatible",
          "The schema breaks compatibility mode "
              + dataset.metadata().compatibility()
              + " of "
              + code
              + ": "
              + problems.size()
              + " problem(s).",
          Map.of("incompatibilities", problems));
    }
    Instant now = Times.now(clock);
    int version = previous.getLast().version() + 1;
    SchemaVersion added =
        new SchemaVersion(
            code, version, proposed.json(), proposed.fingerprint(), now, call.actor());
    schemas.insert(added);
    dataset.adoptSchemaVersion(version, now);
    datasets.update(dataset);
    events.schemaAdded(added, call.actor());
    events.updated(dataset, call.actor());
    audit.allowed(call);
    return added;
  }

  /** A dataset with its current schema; anyone may read the catalogue. */
  public DatasetWithSchema read(String code) {
    Dataset dataset = datasets.find(code).orElseThrow(() -> Refusal.notFound("Dataset " + code));
    SchemaVersion current =
        schemas
            .find(code, dataset.currentSchemaVersion())
            .orElseThrow(() -> new IllegalStateException("schema version missing for " + code));
    return new DatasetWithSchema(dataset, DatasetSchema.parse(current.schemaJson()));
  }

  /** A page of the schema versions of {@code code}, oldest first; the cursor is a version. */
  Page<SchemaVersion> schemaVersions(String code, Integer limit, String cursor) {
    int size = Page.limit(limit);
    int after = versionCursor(Page.decode(cursor));
    read(code);
    return Page.of(schemas.page(code, after, size + 1), size, v -> Integer.toString(v.version()));
  }

  private static int versionCursor(String key) {
    if (key == null) {
      return 0;
    }
    try {
      int version = Integer.parseInt(key);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new Refusal(Refusal.Kind.MALFORMED, "malformed-request", "cursor is not valid.");
  }

  SchemaVersion schemaVersion(String code, int version) {
    return schemas
        .find(code, version)
        .orElseThrow(() -> Refusal.notFound("Schema version " + version + " of " + code));
  }

  Page<Dataset> search(DatasetQuery query, Integer limit, String cursor) {
    int size = Page.limit(limit);
    return Page.of(
        datasets.search(query, Page.decode(cursor), size + 1), size, d -> d.code().toString());
  }

  private Dataset lockOwned(CallContext call, String code, String what) {
    DatasetCode parsed = parseCode(code);
    call.requireDataAdminOf(parsed.provider(), what + " datasets of " + parsed.provider());
    return datasets.lock(code).orElseThrow(() -> Refusal.notFound("Dataset " + code));
  }

  private static DatasetCode parseCode(String code) {
    try {
      return DatasetCode.parse(code);
    } catch (IllegalArgumentException e) {
      throw Refusal.invalid(e.getMessage());
    }
  }

  /** A dataset and its current schema. */
  public record DatasetWithSchema(Dataset dataset, DatasetSchema schema) {}
}
