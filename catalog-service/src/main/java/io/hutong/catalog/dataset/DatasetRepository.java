package io.hutong.catalog.dataset;

import io.hutong.catalog.dataset.Dataset.Metadata;
import io.hutong.catalog.schema.CompatibilityMode;
import io.hutong.schemas.data.DatasetCode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Datasets in table {@code dataset}. */
@Repository
public class DatasetRepository {

  private static final String COLUMNS =
      "code, name, description, category, tags, sharing_type, sharing_conditions, legal_basis,"
          + " open_to_public, update_frequency, compatibility, status, current_schema_version,"
          + " retired_reason, created_at, created_by, updated_at";

  private final JdbcClient jdbc;

  DatasetRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts; false when the code is taken. */
  boolean insert(Dataset dataset) {
    Metadata m = dataset.metadata();
    return jdbc.sql(
                "insert into dataset (code, provider, name, description, category, tags, sharing_type,"
                    + " sharing_conditions, legal_basis, open_to_public, update_frequency, compatibility,"
                    + " status, current_schema_version, retired_reason, search_text, created_at,"
                    + " created_by, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?) on conflict (code) do nothing")
            .params(
                dataset.code().toString(),
                dataset.provider(),
                m.name(),
                m.description(),
                m.category().name(),
                m.tags().toArray(String[]::new),
                m.sharingType().name(),
                m.sharingConditions(),
                m.legalBasis(),
                m.openToPublic(),
                m.updateFrequency().name(),
                m.compatibility().name(),
                dataset.status().name(),
                dataset.currentSchemaVersion(),
                dataset.retiredReason(),
                dataset.searchText(),
                Timestamp.from(dataset.createdAt()),
                dataset.createdBy(),
                Timestamp.from(dataset.updatedAt()))
            .update()
        == 1;
  }

  /** Writes back a changed dataset. */
  void update(Dataset dataset) {
    Metadata m = dataset.metadata();
    jdbc.sql(
            "update dataset set name = ?, description = ?, category = ?, tags = ?, sharing_type = ?,"
                + " sharing_conditions = ?, legal_basis = ?, open_to_public = ?, update_frequency = ?,"
                + " compatibility = ?, status = ?, current_schema_version = ?, retired_reason = ?,"
                + " search_text = ?, updated_at = ? where code = ?")
        .params(
            m.name(),
            m.description(),
            m.category().name(),
            m.tags().toArray(String[]::new),
            m.sharingType().name(),
            m.sharingConditions(),
            m.legalBasis(),
            m.openToPublic(),
            m.updateFrequency().name(),
            m.compatibility().name(),
            dataset.status().name(),
            dataset.currentSchemaVersion(),
            dataset.retiredReason(),
            dataset.searchText(),
            Timestamp.from(dataset.updatedAt()),
            dataset.code().toString())
        .update();
  }

  public Optional<Dataset> find(String code) {
    if (!isCode(code)) {
      return Optional.empty();
    }
    return jdbc.sql("select " + COLUMNS + " from dataset where code = ?")
        .param(code)
        .query(DatasetRepository::map)
        .optional();
  }

  /** Reads and locks the row until the transaction ends: serializes changes to one dataset. */
  public Optional<Dataset> lock(String code) {
    if (!isCode(code)) {
      return Optional.empty();
    }
    return jdbc.sql("select " + COLUMNS + " from dataset where code = ? for update")
        .param(code)
        .query(DatasetRepository::map)
        .optional();
  }

  /**
   * True when {@code code} follows the dataset-code grammar. No row has any other code, so a path
   * variable that does not is never sent to PostgreSQL (which refuses NUL in text outright).
   */
  static boolean isCode(String code) {
    try {
      DatasetCode.parse(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** One page of a search, ordered by code, {@code limit} rows after {@code afterCode}. */
  List<Dataset> search(DatasetQuery query, String afterCode, int limit) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from dataset where code > ?");
    List<Object> params = new ArrayList<>();
    params.add(afterCode == null ? "" : afterCode);
    if (query.text() != null) {
      // strpos, not LIKE: substring search without wildcard escaping, for any script.
      sql.append(" and strpos(search_text, ?) > 0");
      params.add(query.text());
    }
    if (query.provider() != null) {
      sql.append(" and provider = ?");
      params.add(query.provider());
    }
    if (query.sharingType() != null) {
      sql.append(" and sharing_type = ?");
      params.add(query.sharingType().name());
    }
    if (query.status() != null) {
      sql.append(" and status = ?");
      params.add(query.status().name());
    }
    sql.append(" order by code limit ?");
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(DatasetRepository::map).list();
  }

  /** Every active dataset, for the DCAT view. */
  public List<Dataset> active() {
    return jdbc.sql("select " + COLUMNS + " from dataset where status = 'ACTIVE' order by code")
        .query(DatasetRepository::map)
        .list();
  }

  private static Dataset map(ResultSet rs, int row) throws SQLException {
    Metadata metadata =
        new Metadata(
            rs.getString("name"),
            rs.getString("description"),
            Category.valueOf(rs.getString("category")),
            strings(rs.getArray("tags")),
            SharingType.valueOf(rs.getString("sharing_type")),
            rs.getString("sharing_conditions"),
            rs.getString("legal_basis"),
            rs.getBoolean("open_to_public"),
            UpdateFrequency.valueOf(rs.getString("update_frequency")),
            CompatibilityMode.valueOf(rs.getString("compatibility")));
    return new Dataset(
        DatasetCode.parse(rs.getString("code")),
        metadata,
        DatasetStatus.valueOf(rs.getString("status")),
        rs.getInt("current_schema_version"),
        rs.getString("retired_reason"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getString("created_by"),
        rs.getTimestamp("updated_at").toInstant());
  }

  static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
