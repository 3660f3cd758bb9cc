package io.hutong.catalog.dataset;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Schema versions in table {@code dataset_schema}; a version never changes once written. */
@Repository
class SchemaVersionRepository {

  private final JdbcClient jdbc;

  SchemaVersionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(SchemaVersion version) {
    jdbc.sql(
            "insert into dataset_schema (dataset, version, schema_json, fingerprint, created_at,"
                + " created_by) values (?, ?, ?, ?, ?, ?)")
        .params(
            version.dataset(),
            version.version(),
            version.schemaJson(),
            version.fingerprint(),
            Timestamp.from(version.createdAt()),
            version.createdBy())
        .update();
  }

  /** All versions of a dataset, oldest first. */
  List<SchemaVersion> all(String dataset) {
    return jdbc.sql(
            "select dataset, version, schema_json, fingerprint, created_at, created_by"
                + " from dataset_schema where dataset = ? order by version")
        .param(dataset)
        .query(SchemaVersionRepository::map)
        .list();
  }

  /** Up to {@code limit} versions of a dataset after version {@code after} (0: from the first). */
  List<SchemaVersion> page(String dataset, int after, int limit) {
    return jdbc.sql(
            "select dataset, version, schema_json, fingerprint, created_at, created_by"
                + " from dataset_schema where dataset = ? and version > ? order by version"
                + " limit ?")
        .params(dataset, after, limit)
        .query(SchemaVersionRepository::map)
        .list();
  }

  /** One version by primary key (on the read path of every dataset view and access request). */
  Optional<SchemaVersion> find(String dataset, int version) {
    if (!DatasetRepository.isCode(dataset)) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select dataset, version, schema_json, fingerprint, created_at, created_by"
                + " from dataset_schema where dataset = ? and version = ?")
        .params(dataset, version)
        .query(SchemaVersionRepository::map)
        .optional();
  }

  private static SchemaVersion map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new SchemaVersion(
        rs.getString(1),
        rs.getInt(2),
        rs.getString(3),
        rs.getLong(4),
        rs.getTimestamp(5).toInstant(),
        rs.getString(6));
  }

  /** One stored schema version. */
  record SchemaVersion(
      String dataset,
      int version,
      String schemaJson,
      long fingerprint,
      Instant createdAt,
      String createdBy) {}
}
