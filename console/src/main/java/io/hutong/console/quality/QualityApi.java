package io.hutong.console.quality;

import io.hutong.console.gateway.ApiProblem;
import io.hutong.console.gateway.Gateway;
import io.hutong.console.quality.QualityViews.QualityReport;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads a dataset's quality from the catalogue for the dataset page. The figures are a section of
 * that page, not its purpose: when they cannot be had, the page shows that they are unavailable
 * instead of failing.
 */
@Component
public class QualityApi {

  private static final Logger log = LoggerFactory.getLogger(QualityApi.class);

  private final Gateway gateway;

  QualityApi(Gateway gateway) {
    this.gateway = gateway;
  }

  /** The quality report of {@code code}, or empty when the catalogue did not give one. */
  public Optional<QualityReport> report(String code) {
    try {
      return Optional.ofNullable(
          gateway.get(
              uri -> uri.path("/api/catalog/v1/datasets/{code}/quality").build(code),
              QualityReport.class));
    } catch (ApiProblem e) {
      log.debug("quality of {} unavailable: {}", code, e.getMessage());
      return Optional.empty();
    }
  }
}
