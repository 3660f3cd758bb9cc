package io.hutong.catalog.department;

import io.hutong.catalog.rules.Page;
import io.hutong.schemas.audit.AuditAction;
import io.hutong.service.audit.Audited;
import io.hutong.service.audit.CallContext;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/catalog/v1/departments}: platform-admins register departments; anyone lists them. */
@RestController
@RequestMapping("/api/catalog/v1/departments")
class DepartmentController {

  private final DepartmentService departments;

  DepartmentController(DepartmentService departments) {
    this.departments = departments;
  }

  @PostMapping
  @Audited(AuditAction.DEPARTMENT_CREATED)
  ResponseEntity<DepartmentView> register(CallContext call, @RequestBody RegisterDepartment body) {
    call.concerning(null, "department:" + body.code());
    Department department = departments.register(call, body.code(), body.name());
    return ResponseEntity.created(URI.create("/api/catalog/v1/departments/" + department.code()))
        .body(DepartmentView.of(department));
  }

  @GetMapping
  @Audited(AuditAction.CATALOG_SEARCHED)
  Page<DepartmentView> list(
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    return departments.list(limit, cursor).map(DepartmentView::of);
  }

  /** Body of {@code POST /departments}. */
  record RegisterDepartment(String code, String name) {}

  /** A department as JSON. */
  record DepartmentView(String code, String name, Instant createdAt) {
    static DepartmentView of(Department department) {
      return new DepartmentView(department.code(), department.name(), department.createdAt());
    }
  }
}
