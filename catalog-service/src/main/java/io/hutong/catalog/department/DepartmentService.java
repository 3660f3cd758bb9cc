package io.hutong.catalog.department;

import io.hutong.catalog.rules.Page;
import io.hutong.catalog.rules.Times;
import io.hutong.schemas.identity.HutongRole;
import io.hutong.service.audit.AuditTrail;
import io.hutong.service.audit.CallContext;
import io.hutong.service.failure.Refusal;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registering and listing departments; only platform-admins register. */
@Service
class DepartmentService {

  private final DepartmentRepository departments;
  private final AuditTrail audit;
  private final Clock clock;

  DepartmentService(DepartmentRepository departments, AuditTrail audit, Clock clock) {
    this.departments = departments;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  Department register(CallContext call, String code, String name) {
    call.require(HutongRole.PLATFORM_ADMIN, "Only platform administrators register departments.");
    Department department = Department.register(code, name, Times.now(clock), call.actor());
    if (!departments.insert(department)) {
      throw Refusal.conflict("duplicate", "Department " + code + " already exists.");
    }
    audit.allowed(call);
    return department;
  }

  Page<Department> list(Integer limit, String cursor) {
    int size = Page.limit(limit);
    return Page.of(departments.page(Page.decode(cursor), size + 1), size, Department::code);
  }
}
