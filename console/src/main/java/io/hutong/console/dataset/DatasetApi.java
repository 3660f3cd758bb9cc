package io.hutong.console.dataset;

import io.hutong.console.gateway.Gateway;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The catalogue's calls that change a dataset, made as the signed-in data administrator. */
@Component
class DatasetApi {

  private static final String DATASETS = "/api/catalog/v1/datasets";

  private final Gateway gateway;

  DatasetApi(Gateway gateway) {
    this.gateway = gateway;
  }

  void register(Map<String, Object> body) {
    gateway.post(uri -> uri.path(DATASETS).build(), body, String.class);
  }

  void patch(String code, Map<String, Object> patch) {
    gateway.patch(uri -> uri.path(DATASETS + "/{code}").build(code), patch, String.class);
  }

  /** Adds a schema version; the catalogue checks it against the dataset's compatibility mode. */
  void addSchema(String code, String schemaJson) {
    gateway.post(
        uri -> uri.path(DATASETS + "/{code}/schemas").build(code),
        Map.of("schema", schemaJson),
        String.class);
  }
}
