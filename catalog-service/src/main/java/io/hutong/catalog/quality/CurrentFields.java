package io.hutong.catalog.quality;

import io.hutong.catalog.schema.DatasetSchema;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The fields of many datasets' current schemas in one query, for the catalogue-wide quality figures
 * (completeness is reported per field of the current schema).
 */
@Repository
class CurrentFields {

  private final JdbcClient jdbc;

  CurrentFields(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Field names of the current schema of each of {@code datasets} that exists. */
  Map<String, List<String>> of(Collection<String> datasets) {
    Map<String, List<String>> fields = new HashMap<>();
    if (datasets.isEmpty()) {
      return fields;
    }
    jdbc.sql(
            "select d.code, s.schema_json from dataset d join dataset_schema s"
                + " on s.dataset = d.code and s.version = d.current_schema_version"
                + " where d.code = any(?)")
        .param(datasets.toArray(String[]::new))
        .query(
            (RowCallbackHandler)
                rs -> {
                  fields.put(rs.getString(1), DatasetSchema.parse(rs.getString(2)).fieldNames());
                });
    return fields;
  }
}
