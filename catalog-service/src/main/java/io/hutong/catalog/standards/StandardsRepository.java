package io.hutong.catalog.standards;

import io.hutong.schemas.standards.FieldStandard;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Field standards in table {@code field_standard} and each dataset's {@code violation_mode}; the
 * schema versions the standards are checked against are read from {@code dataset_schema}.
 */
@Repository
class StandardsRepository {

  private final JdbcClient jdbc;

  StandardsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The dataset's standards over all versions, by version then in the order they were set. */
  StandardSet find(String dataset) {
    ViolationMode mode =
        jdbc.sql("select violation_mode from dataset where code = ?")
            .param(dataset)
            .query((rs, row) -> ViolationMode.valueOf(rs.getString(1)))
            .optional()
            .orElse(ViolationMode.MEASURE);
    List<AttachedStandard> standards =
        jdbc.sql(
                "select schema_version, field, kind, pattern, min_value, max_value, codes"
                    + " from field_standard where dataset = ? order by schema_version, position")
            .param(dataset)
            .query(StandardsRepository::map)
            .list();
    return new StandardSet(dataset, mode, standards);
  }

  /** Replaces the dataset's whole set and its violation mode. */
  void replace(StandardSet set) {
    jdbc.sql("update dataset set violation_mode = ? where code = ?")
        .params(set.mode().name(), set.dataset())
        .update();
    jdbc.sql("delete from field_standard where dataset = ?").param(set.dataset()).update();
    int position = 0;
    for (AttachedStandard attached : set.standards()) {
      FieldStandard s = attached.standard();
      jdbc.sql(
              "insert into field_standard (dataset, schema_version, field, position, kind, pattern,"
                  + " min_value, max_value, codes) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .params(
              set.dataset(),
              attached.schemaVersion(),
              attached.field(),
              position++,
              s.kind().name(),
              s.pattern(),
              s.min(),
              s.max(),
              s.codes().toArray(String[]::new))
          .update();
    }
  }

  /** Every schema version of the dataset, parsed, by number. */
  Map<Integer, Schema> schemas(String dataset) {
    Map<Integer, Schema> versions = new LinkedHashMap<>();
    jdbc.sql("select version, schema_json from dataset_schema where dataset = ? order by version")
        .param(dataset)
        .query((rs, row) -> Map.entry(rs.getInt(1), rs.getString(2)))
        .list()
        .forEach(v -> versions.put(v.getKey(), new Schema.Parser().parse(v.getValue())));
    return versions;
  }

  private static AttachedStandard map(ResultSet rs, int row) throws SQLException {
    Array codes = rs.getArray(7);
    return new AttachedStandard(
        rs.getInt(1),
        rs.getString(2),
        new FieldStandard(
            FieldStandard.Kind.valueOf(rs.getString(3)),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            codes == null ? List.of() : Arrays.asList((String[]) codes.getArray())));
  }
}
