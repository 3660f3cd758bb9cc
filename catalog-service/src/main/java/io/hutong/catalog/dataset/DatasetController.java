package io.hutong.catalog.dataset;

import io.hutong.catalog.dataset.DatasetViews.DatasetSummary;
import io.hutong.catalog.dataset.DatasetViews.DatasetView;
import io.hutong.catalog.rules.Enums;
import io.hutong.catalog.rules.Page;
import io.hutong.catalog.schema.CompatibilityMode;
import io.hutong.catalog.standards.StandardsService;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.service.audit.Audited;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/catalog/v1/datasets}: register, search, read, edit and retire catalogue entries. */
@RestController
@RequestMapping("/api/catalog/v1/datasets")
class DatasetController {

  private final DatasetService datasets;
  private final StandardsService standards;

  DatasetController(DatasetService datasets, StandardsService standards) {
    this.datasets = datasets;
    this.standards = standards;
  }

  @PostMapping
  @Audited(AuditAction.DATASET_REGISTERED)
  ResponseEntity<DatasetView> register(CallContext call, @RequestBody RegisterDataset body) {
    call.concerning(body.code(), "dataset:" + body.code());
    Dataset dataset =
        datasets.register(call, body.code(), body.metadata(), schemaText(body.schema()));
    return ResponseEntity.created(URI.create("/api/catalog/v1/datasets/" + dataset.code()))
        .body(view(dataset.code().toString()));
  }

  @GetMapping
  @Audited(AuditAction.CATALOG_SEARCHED)
  Page<DatasetSummary> search(
      CallContext call,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String provider,
      @RequestParam(required = false) String sharingType,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    DatasetQuery query =
        new DatasetQuery(
            q,
            provider,
            Enums.parseOptional(SharingType.class, sharingType, "sharingType"),
            Enums.parseOptional(DatasetStatus.class, status, "status"));
    return datasets.search(query, limit, cursor).map(DatasetSummary::of);
  }

  @GetMapping("/{code}")
  @Audited(AuditAction.DATASET_READ)
  DatasetView read(@PathVariable String code) {
    return view(code);
  }

  @PatchMapping(
      path = "/{code}",
      consumes = {"application/merge-patch+json", "application/json"})
  @Audited(AuditAction.DATASET_UPDATED)
  DatasetView update(
      CallContext call, @PathVariable String code, @RequestBody Map<String, Object> patch) {
    datasets.update(call, code, patch);
    return view(code);
  }

  @PostMapping("/{code}/retire")
  @Audited(AuditAction.DATASET_RETIRED)
  DatasetView retire(CallContext call, @PathVariable String code, @RequestBody RetireDataset body) {
    datasets.retire(call, code, body.reason());
    return view(code);
  }

  private DatasetView view(String code) {
    DatasetService.DatasetWithSchema found = datasets.read(code);
    return DatasetView.of(found.dataset(), found.schema(), standards.of(found.dataset()));
  }

  /** An Avro schema arrives as a JSON object, or as a string holding the JSON. */
  static String schemaText(JsonNode schema) {
    if (schema == null || schema.isNull() || schema.isMissingNode()) {
      return null;
    }
    if (!schema.isObject() && !schema.isString()) {
      throw Refusal.invalid(
          "schema must be an Avro record schema as a JSON object, or a string holding it.");
    }
    return schema.isString() ? schema.asString() : schema.toString();
  }

  /** Body of {@code POST /datasets}. */
  record RegisterDataset(
      String code,
      String name,
      String description,
      String category,
      List<String> tags,
      String sharingType,
      String sharingConditions,
      String legalBasis,
      Boolean openToPublic,
      String updateFrequency,
      String compatibility,
      JsonNode schema) {

    Dataset.Metadata metadata() {
      if (code == null || code.isBlank()) {
        throw Refusal.invalid("code is required: <department>.<name>.");
      }
      return new Dataset.Metadata(
          name,
          description,
          Enums.parse(Category.class, category, "category"),
          tags,
          Enums.parse(SharingType.class, sharingType, "sharingType"),
          sharingConditions,
          legalBasis,
          Boolean.TRUE.equals(openToPublic),
          Enums.parse(UpdateFrequency.class, updateFrequency, "updateFrequency"),
          compatibility == null
              ? CompatibilityMode.BACKWARD
              : Enums.parse(CompatibilityMode.class, compatibility, "compatibility"));
    }
  }

  /** Body of {@code POST /datasets/{code}/retire}. */
  record RetireDataset(String reason) {}
}
