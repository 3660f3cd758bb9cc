package io.hutong.catalog.department;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Departments in table {@code department}. */
@Repository
public class DepartmentRepository {

  private final JdbcClient jdbc;

  DepartmentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts; false when the code already exists. */
  boolean insert(Department department) {
    return jdbc.sql(
                "insert into department (code, name, created_at, created_by) values (?, ?, ?, ?)"
                    + " on conflict (code) do nothing")
            .params(
                department.code(),
                department.name(),
                java.sql.Timestamp.from(department.createdAt()),
                department.createdBy())
            .update()
        == 1;
  }

  public Optional<Department> find(String code) {
    return jdbc.sql("select code, name, created_at, created_by from department where code = ?")
        .param(code)
        .query(
            (rs, i) ->
                new Department(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getTimestamp(3).toInstant(),
                    rs.getString(4)))
        .optional();
  }

  public List<Department> all() {
    return page(null, Integer.MAX_VALUE);
  }

  List<Department> page(String after, int limit) {
    return jdbc.sql(
            "select code, name, created_at, created_by from department where code > ?"
                + " order by code limit ?")
        .params(after == null ? "" : after, limit)
        .query(
            (rs, i) ->
                new Department(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getTimestamp(3).toInstant(),
                    rs.getString(4)))
        .list();
  }
}
