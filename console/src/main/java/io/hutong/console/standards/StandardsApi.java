package io.hutong.console.standards;

import io.hutong.console.gateway.Gateway;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The catalogue's field-standard calls, as the signed-in person: the whole set of a dataset is read
 * and replaced at once, so a change to the current version's standards carries the older versions'
 * unchanged.
 */
@Component
class StandardsApi {

  private static final String STANDARDS = "/api/catalog/v1/datasets/{code}/standards";

  private final Gateway gateway;

  StandardsApi(Gateway gateway) {
    this.gateway = gateway;
  }

  StandardSet read(String code) {
    return gateway.get(uri -> uri.path(STANDARDS).build(code), StandardSet.class);
  }

  void replace(String code, String violationMode, List<StandardSet.Attached> standards) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("violationMode", violationMode);
    body.put("standards", standards);
    gateway.put(uri -> uri.path(STANDARDS).build(code), body, String.class);
  }
}
