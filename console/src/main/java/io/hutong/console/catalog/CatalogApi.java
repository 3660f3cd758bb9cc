package io.hutong.console.catalog;

import io.hutong.console.catalog.CatalogViews.Dataset;
import io.hutong.console.catalog.CatalogViews.DatasetSummary;
import io.hutong.console.catalog.CatalogViews.Department;
import io.hutong.console.catalog.CatalogViews.SchemaVersion;
import io.hutong.console.gateway.Gateway;
import io.hutong.console.gateway.PageOf;
import java.util.Optional;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;

/** The catalogue's read calls the console makes, through the gateway, as the signed-in person. */
@Component
public class CatalogApi {

  static final String BASE = "/api/catalog/v1";

  private final Gateway gateway;

  CatalogApi(Gateway gateway) {
    this.gateway = gateway;
  }

  /** Search: {@code q} matches Chinese and other text as a substring. */
  public PageOf<DatasetSummary> search(
      String q, String provider, String sharingType, int limit, String cursor) {
    return gateway.get(
        uri ->
            uri.path(BASE + "/datasets")
                .queryParamIfPresent("q", blankToEmpty(q))
                .queryParamIfPresent("provider", blankToEmpty(provider))
                .queryParamIfPresent("sharingType", blankToEmpty(sharingType))
                .queryParam("limit", limit)
                .queryParamIfPresent("cursor", blankToEmpty(cursor))
                .build(),
        new ParameterizedTypeReference<PageOf<DatasetSummary>>() {});
  }

  public Dataset dataset(String code) {
    return gateway.get(uri -> uri.path(BASE + "/datasets/{code}").build(code), Dataset.class);
  }

  /** Every schema version of a dataset, oldest first. */
  public PageOf<SchemaVersion> schemas(String code) {
    return gateway.get(
        uri -> uri.path(BASE + "/datasets/{code}/schemas").queryParam("limit", 500).build(code),
        new ParameterizedTypeReference<PageOf<SchemaVersion>>() {});
  }

  public PageOf<Department> departments(int limit, String cursor) {
    return gateway.get(
        uri ->
            uri.path(BASE + "/departments")
                .queryParam("limit", limit)
                .queryParamIfPresent("cursor", blankToEmpty(cursor))
                .build(),
        new ParameterizedTypeReference<PageOf<Department>>() {});
  }

  /** The active catalogue as DCAT JSON-LD. */
  public String dcat() {
    return gateway.get(uri -> uri.path(BASE + "/catalog.jsonld").build(), String.class);
  }

  private static Optional<String> blankToEmpty(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
