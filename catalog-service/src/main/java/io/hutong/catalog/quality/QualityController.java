package io.hutong.catalog.quality;

import io.hutong.catalog.rules.Page;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.schemas.data.DatasetCode;
import io.hutong.service.audit.Audited;
import io.hutong.service.audit.CallContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Quality per dataset for any authenticated caller: a dataset's report ({@code GET
 * /datasets/{code}/quality}) and the feed of timeliness changes ({@code GET
 * /quality/timeliness-changes}), which departments without Kafka follow instead of the events.
 */
@RestController
class QualityController {

  private final QualityService quality;

  QualityController(QualityService quality) {
    this.quality = quality;
  }

  @GetMapping("/api/catalog/v1/datasets/{code}/quality")
  @Audited(AuditAction.QUALITY_READ)
  QualityReport report(CallContext call, @PathVariable String code) {
    if (isCode(code)) {
      call.concerning(code, "quality:" + code);
    }
    return quality.report(code);
  }

  @GetMapping("/api/catalog/v1/quality/timeliness-changes")
  @Audited(AuditAction.QUALITY_READ)
  Page<TimelinessChange> timelinessChanges(
      CallContext call,
      @RequestParam(required = false) String dataset,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    call.concerning(isCode(dataset) ? dataset : null, "timeliness-changes");
    return quality.changes(dataset, limit, cursor);
  }

  /** Only a well-formed code is named in the audit event; anything else is refused anyway. */
  private static boolean isCode(String code) {
    if (code == null) {
      return false;
    }
    try {
      DatasetCode.parse(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
