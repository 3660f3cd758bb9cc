package io.hutong.catalog.dcat;

import io.hutong.catalog.dataset.Dataset;
import io.hutong.catalog.dataset.DatasetRepository;
import io.hutong.catalog.dataset.SharingType;
import io.hutong.catalog.department.DepartmentRepository;
import io.hutong.catalog.quality.QualityService;
import io.hutong.catalog.quality.QualityService.CatalogueFigures;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.service.audit.Audited;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/catalog/v1/catalog.jsonld}: the active catalogue as a W3C DCAT catalog in
 * JSON-LD, so other open-data portals can harvest it. Metadata only, never data — and never grants:
 * who was granted what is private to the two departments. Beside the access rights each shared
 * dataset states the modes in which it can be requested ({@code hutong:accessModes}): {@code read}
 * (values delivered) and {@code verify} (a value the consumer holds is checked against the
 * provider's record; the provider's value is never delivered). Each dataset carries its quality in
 * W3C DQV terms ({@code dqv:hasQualityMeasurement}, see {@link QualityMeasurements}); the metrics
 * and dimensions measured are defined once, in the document's {@code @included} nodes (JSON-LD
 * 1.1), so the catalog stays the document's top node.
 */
@RestController
class DcatController {

  static final String ACCESS_RIGHTS =
      "http://publications.europa.eu/resource/authority/access-right/";

  /** Hutong's own terms, for what DCAT has no word for. */
  static final String VOCABULARY = "urn:hutong:vocab:";

  /** The modes a field can be requested in, as access requests and grants name them. */
  static final List<String> ACCESS_MODES = List.of("read", "verify");

  private final DatasetRepository datasets;
  private final DepartmentRepository departments;
  private final QualityService quality;

  DcatController(
      DatasetRepository datasets, DepartmentRepository departments, QualityService quality) {
    this.datasets = datasets;
    this.departments = departments;
    this.quality = quality;
  }

  @GetMapping(path = "/api/catalog/v1/catalog.jsonld", produces = "application/ld+json")
  @Audited(AuditAction.CATALOG_SEARCHED)
  Map<String, Object> catalog() {
    Map<String, Object> catalog = new LinkedHashMap<>();
    catalog.put(
        "@context",
        Map.of(
            "dcat",
            "http://www.w3.org/ns/dcat#",
            "dct",
            "http://purl.org/dc/terms/",
            "foaf",
            "http://xmlns.com/foaf/0.1/",
            "xsd",
            "http://www.w3.org/2001/XMLSchema#",
            "hutong",
            VOCABULARY,
            "dqv",
            QualityMeasurements.DQV,
            "prov",
            QualityMeasurements.PROV,
            "skos",
            QualityMeasurements.SKOS));
    catalog.put("@id", "urn:hutong:catalog");
    catalog.put("@type", "dcat:Catalog");
    catalog.put("dct:title", "Hutong resource catalogue");
    Map<String, String> names = new java.util.HashMap<>();
    departments.all().forEach(d -> names.put(d.code(), d.name()));
    List<Dataset> active = datasets.active();
    Map<String, CatalogueFigures> figures = quality.catalogueFigures(active);
    QualityMeasurements measurements = new QualityMeasurements();
    List<Map<String, Object>> nodes = new java.util.ArrayList<>(active.size());
    for (Dataset d : active) {
      Map<String, Object> node = dataset(d, names);
      CatalogueFigures measured = figures.get(d.code().toString());
      if (measured != null) {
        node.put("dqv:hasQualityMeasurement", measurements.of((String) node.get("@id"), measured));
      }
      nodes.add(node);
    }
    catalog.put("dcat:dataset", nodes);
    catalog.put("@included", measurements.definitions());
    return catalog;
  }

  private static Map<String, Object> dataset(Dataset d, Map<String, String> departmentNames) {
    Dataset.Metadata m = d.metadata();
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("@id", "urn:hutong:dataset:" + d.code());
    node.put("@type", "dcat:Dataset");
    node.put("dct:identifier", d.code().toString());
    node.put("dct:title", m.name());
    node.put("dct:description", m.description());
    node.put(
        "dct:publisher",
        Map.of(
            "@type", "foaf:Agent",
            "dct:identifier", d.provider(),
            "foaf:name", departmentNames.getOrDefault(d.provider(), d.provider())));
    node.put("dct:accrualPeriodicity", Map.of("@id", m.updateFrequency().dublinCoreFrequency()));
    node.put("dct:accessRights", Map.of("@id", ACCESS_RIGHTS + accessRight(m)));
    if (m.sharingType() != SharingType.NOT_SHARED) {
      node.put("hutong:accessModes", ACCESS_MODES);
    }
    node.put("dcat:keyword", List.copyOf(m.tags()));
    node.put("dcat:theme", m.category().name());
    node.put("dct:issued", typed(d.createdAt().toString()));
    node.put("dct:modified", typed(d.updatedAt().toString()));
    if (m.legalBasis() != null) {
      node.put("dct:rights", m.legalBasis());
    }
    return node;
  }

  /**
   * Open to the public → PUBLIC; shared between departments → RESTRICTED; not shared → NON_PUBLIC.
   */
  static String accessRight(Dataset.Metadata m) {
    if (m.openToPublic()) {
      return "PUBLIC";
    }
    return switch (m.sharingType()) {
      case NOT_SHARED -> "NON_PUBLIC";
      case UNCONDITIONAL, CONDITIONAL -> "RESTRICTED";
    };
  }

  private static Map<String, Object> typed(String instant) {
    return Map.of("@value", instant, "@type", "xsd:dateTime");
  }
}
