package io.hutong.exchange.lookup;

import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/exchange/v1/datasets/{code}}: the latest record of a key, a batch of keys, and
 * verification of values the caller holds. Bodies are read as JSON trees so every shape error is a
 * field-level problem, not a framework's.
 */
@RestController
@RequestMapping("/api/exchange/v1/datasets/{code}")
class LookupController {

  private final LookupService lookups;

  LookupController(LookupService lookups) {
    this.lookups = lookups;
  }

  @GetMapping("/records/{key}")
  LookupService.Found record(
      CallContext call, @PathVariable String code, @PathVariable String key) {
    return lookups.lookup(call.caller(), call, code, key);
  }

  /** Body {@code {"keys": ["k1", …]}}, 1 to 100 keys. */
  @PostMapping("/lookups")
  LookupService.Lookups lookups(
      CallContext call, @PathVariable String code, @RequestBody JsonNode body) {
    JsonNode keys = body == null ? null : body.get("keys");
    if (keys == null || !keys.isArray()) {
      throw Refusal.invalid("The body must be {\"keys\": [\"key\", …]} with 1 to 100 keys.");
    }
    List<String> asked = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      if (!keys.get(i).isString()) {
        throw Refusal.invalid("keys[" + i + "] must be a string.");
      }
      asked.add(keys.get(i).asString());
    }
    return lookups.lookups(call.caller(), call, code, asked);
  }

  /** Body {@code {"key": "k", "fields": {"name": "value held", …}}}. */
  @PostMapping("/verifications")
  LookupService.Verified verify(
      CallContext call, @PathVariable String code, @RequestBody JsonNode body) {
    JsonNode key = body == null ? null : body.get("key");
    JsonNode fields = body == null ? null : body.get("fields");
    if (key == null || !key.isString() || fields == null || !fields.isObject()) {
      throw Refusal.invalid(
          "The body must be {\"key\": \"…\", \"fields\": {\"field\": value held, …}}.");
    }
    Map<String, JsonNode> held = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      held.put(field.getKey(), field.getValue());
    }
    return lookups.verify(call.caller(), call, code, key.asString(), held);
  }
}
