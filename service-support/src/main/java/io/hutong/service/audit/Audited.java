package io.hutong.service.audit;

import io.hutong.schemas.audit.AuditAction;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The audit action of a controller method. Declared on the method so that even a call that fails
 * before the method runs (malformed body, refused input) is audited under the right action.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {
  AuditAction value();
}
