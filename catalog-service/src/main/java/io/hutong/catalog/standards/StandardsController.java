package io.hutong.catalog.standards;

import io.hutong.catalog.standards.StandardsViews.StandardSetView;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.standards.FieldStandard;
import io.hutong.service.audit.Audited;
import io.hutong.service.audit.CallContext;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/catalog/v1/datasets/{code}/standards}: the field standards (数据标准) of a dataset and
 * what a violation does at publish. The provider's data administrator replaces the whole set;
 * anyone signed in reads it, since consumers choose datasets by their standards.
 */
@RestController
@RequestMapping("/api/catalog/v1/datasets/{code}/standards")
class StandardsController {

  private final StandardsService standards;

  StandardsController(StandardsService standards) {
    this.standards = standards;
  }

  @PutMapping
  @Audited(AuditAction.STANDARDS_SET)
  StandardSetView replace(CallContext call, @PathVariable String code, @RequestBody JsonNode body) {
    StandardsBody read = StandardsBody.read(body);
    return StandardSetView.of(standards.replace(call, code, read.mode(), read.proposals()));
  }

  @GetMapping
  @Audited(AuditAction.DATASET_READ)
  StandardSetView read(@PathVariable String code) {
    return StandardSetView.of(standards.read(code));
  }

  /**
   * The body's shape, for the API description only: the body is read as JSON by {@link
   * StandardsBody} so that every wrong shape becomes a 422 naming the member at fault.
   */
  record SetStandards(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ViolationMode violationMode,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<StandardSpec> standards) {}

  /** One standard of the body; {@code schemaVersion} absent means the current version. */
  record StandardSpec(
      @Schema(minimum = "1") Integer schemaVersion,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String field,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) FieldStandard.Kind kind,
      String pattern,
      String min,
      String max,
      List<String> codes) {}
}
