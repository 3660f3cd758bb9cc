package io.hutong.catalog.dcat;

import io.hutong.catalog.quality.QualityReport.Completeness;
import io.hutong.catalog.quality.QualityReport.Validity;
import io.hutong.catalog.quality.QualityReport.Window;
import io.hutong.catalog.quality.QualityService.CatalogueFigures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset's quality figures in W3C DQV terms for the DCAT catalogue: one {@code
 * dqv:QualityMeasurement} per figure (completeness per field, validity per field and standard over
 * the last 30 days, the share of duplicates, and timeliness now), each the measurement of a {@code
 * dqv:Metric} whose definition, with its ISO/IEC 25012-style {@code dqv:Dimension}, is collected
 * once for the whole catalogue. Built while the catalogue is written, so the definitions cover
 * exactly the metrics used.
 */
final class QualityMeasurements {

  static final String DQV = "http://www.w3.org/ns/dqv#";
  static final String PROV = "http://www.w3.org/ns/prov#";
  static final String SKOS = "http://www.w3.org/2004/02/skos/core#";

  private static final String COMPLETENESS = "hutong:completeness";
  private static final String VALIDITY = "hutong:validity";
  private static final String CURRENTNESS = "hutong:currentness";
  private static final String CONSISTENCY = "hutong:consistency";

  private final Map<String, Map<String, Object>> metrics = new LinkedHashMap<>();

  /** The measurements of one dataset, registering the metrics they use. */
  List<Map<String, Object>> of(String datasetId, CatalogueFigures figures) {
    Window window = figures.last30Days();
    Map<String, Object> generated = typed(figures.measuredAt().toString());
    List<Map<String, Object>> measurements = new ArrayList<>();
    for (Completeness c : window.completeness()) {
      if (c.completeShare() != null) {
        String metric =
            metric(
                COMPLETENESS + "-" + c.field(),
                COMPLETENESS,
                "Share of the records of the last 30 days in which field "
                    + c.field()
                    + " is neither null, empty nor absent.");
        measurements.add(measurement(datasetId, metric, c.completeShare(), generated));
      }
    }
    for (Validity v : window.validity()) {
      if (v.violationShare() != null) {
        String metric =
            metric(
                VALIDITY + "-" + v.field() + "-" + v.standard(),
                VALIDITY,
                "Share of the records of the last 30 days whose field "
                    + v.field()
                    + " meets its "
                    + v.standard()
                    + " standard.");
        double valid = Math.round((1 - v.violationShare()) * 10_000) / 10_000.0;
        measurements.add(measurement(datasetId, metric, valid, generated));
      }
    }
    if (window.consistency().duplicateShare() != null) {
      String metric =
          metric(
              "hutong:duplicate-share",
              CONSISTENCY,
              "Share of the records of the last 30 days that repeat their key's previous record"
                  + " of the same UTC day byte for byte.");
      measurements.add(
          measurement(datasetId, metric, window.consistency().duplicateShare(), generated));
    }
    String timeliness =
        metric(
            "hutong:timeliness",
            CURRENTNESS,
            "ON_TIME, LATE or NEVER_PUBLISHED: whether the last publish is within the declared"
                + " update frequency plus a grace.");
    measurements.add(
        measurement(datasetId, timeliness, figures.timeliness().status().name(), generated));
    return measurements;
  }

  /** The metrics used so far and the four dimensions, as nodes of the document. */
  List<Map<String, Object>> definitions() {
    List<Map<String, Object>> nodes = new ArrayList<>();
    nodes.add(dimension(COMPLETENESS, "Completeness (ISO/IEC 25012): values are present."));
    nodes.add(
        dimension(
            VALIDITY, "Accuracy / compliance (ISO/IEC 25012): values meet the field standards."));
    nodes.add(
        dimension(CURRENTNESS, "Currentness (ISO/IEC 25012): the data is published on time."));
    nodes.add(
        dimension(CONSISTENCY, "Consistency (ISO/IEC 25012): no needless repeats within a day."));
    nodes.addAll(metrics.values());
    return nodes;
  }

  private String metric(String id, String dimension, String definition) {
    metrics.computeIfAbsent(
        id,
        key -> {
          Map<String, Object> node = new LinkedHashMap<>();
          node.put("@id", key);
          node.put("@type", "dqv:Metric");
          node.put("skos:definition", definition);
          node.put("dqv:inDimension", Map.of("@id", dimension));
          return node;
        });
    return id;
  }

  private static Map<String, Object> dimension(String id, String definition) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("@id", id);
    node.put("@type", "dqv:Dimension");
    node.put("skos:definition", definition);
    return node;
  }

  private static Map<String, Object> measurement(
      String datasetId, String metric, Object value, Map<String, Object> generated) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("@type", "dqv:QualityMeasurement");
    node.put("dqv:isMeasurementOf", Map.of("@id", metric));
    node.put("dqv:value", value);
    node.put("dqv:computedOn", Map.of("@id", datasetId));
    node.put("prov:generatedAtTime", generated);
    return node;
  }

  private static Map<String, Object> typed(String instant) {
    return Map.of("@value", instant, "@type", "xsd:dateTime");
  }
}
