package io.hutong.catalog.dataset;

import io.hutong.catalog.dataset.DatasetViews.SchemaAdded;
import io.hutong.catalog.dataset.DatasetViews.SchemaVersionView;
import io.hutong.catalog.dataset.SchemaVersionRepository.SchemaVersion;
import io.hutong.catalog.rules.Page;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.service.audit.Audited;
import io.hutong.service.audit.CallContext;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/catalog/v1/datasets/{code}/schemas}: numbered schema versions of a dataset. */
@RestController
@RequestMapping("/api/catalog/v1/datasets/{code}/schemas")
class SchemaController {

  private final DatasetService datasets;

  SchemaController(DatasetService datasets) {
    this.datasets = datasets;
  }

  @PostMapping
  @Audited(AuditAction.SCHEMA_VERSION_ADDED)
  ResponseEntity<SchemaAdded> add(
      CallContext call, @PathVariable String code, @RequestBody AddSchema body) {
    SchemaVersion added =
        datasets.addSchemaVersion(call, code, DatasetController.schemaText(body.schema()));
    return ResponseEntity.created(
            URI.create("/api/catalog/v1/datasets/" + code + "/schemas/" + added.version()))
        .body(new SchemaAdded(added.version(), added.fingerprint()));
  }

  @GetMapping
  @Audited(AuditAction.DATASET_READ)
  Page<SchemaVersionView> list(
      @PathVariable String code,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return datasets.schemaVersions(code, limit, cursor).map(SchemaVersionView::of);
  }

  @GetMapping("/{version}")
  @Audited(AuditAction.DATASET_READ)
  SchemaVersionView one(@PathVariable String code, @PathVariable int version) {
    return SchemaVersionView.of(datasets.schemaVersion(code, version));
  }

  /** Body of {@code POST /datasets/{code}/schemas}. */
  record AddSchema(JsonNode schema) {}
}
