package io.hutong.deploy.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * PostgreSQL from zonky's embedded binaries (Maven Central), a real server process. Its data stays
 * in {@code <dataDir>/postgres} between runs. It creates the {@code hutong} database and one login
 * role per service ({@link ServiceDatabase}).
 */
public final class PostgresServer implements AutoCloseable {

  /** The database every service schema lives in. */
  public static final String DATABASE = "hutong";

  private final EmbeddedPostgres postgres;
  private final int port;

  private PostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.port = postgres.getPort();
  }

  /** Starts PostgreSQL on {@code port} with its data in {@code dataDir/postgres}. */
  public static PostgresServer start(Path dataDir, int port) {
    Path data = dataDir.resolve("postgres");
    stopOrphan(data);
    try {
      Files.createDirectories(data);
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(dataDir.resolve("postgres-binaries").toFile())
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("max_connections", "300")
              .setServerConfig("shared_buffers", "128MB")
              .setServerConfig("listen_addresses", "localhost")
              .start();
      PostgresServer server = new PostgresServer(postgres);
      server.createDatabases();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL in " + data, e);
    }
  }

  public int port() {
    return port;
  }

  /** JDBC URL of the {@code hutong} database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
  }

  /** A connection as {@code role}, for tests that check what a role may and may not do. */
  public Connection connectionAs(ServiceDatabase role) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), role.username(), role.password());
  }

  /** A superuser connection, for tests that must see or tamper with what a service cannot. */
  public Connection superuserConnection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
  }

  private void createDatabases() {
    String admin = "jdbc:postgresql://localhost:" + port + "/postgres";
    try (Connection connection = DriverManager.getConnection(admin, "postgres", "postgres");
        Statement statement = connection.createStatement()) {
      if (!exists(connection, "select 1 from pg_database where datname = ?", DATABASE)) {
        statement.execute("create database " + DATABASE);
      }
      for (ServiceDatabase db : ServiceDatabase.all()) {
        if (!exists(connection, "select 1 from pg_roles where rolname = ?", db.username())) {
          statement.execute(
              "create role " + db.username() + " login password '" + db.password() + "'");
        }
        statement.execute("grant connect, create on database " + DATABASE + " to " + db.username());
      }
      for (ServiceDatabase db : ServiceDatabase.restrictedRoles()) {
        if (!exists(connection, "select 1 from pg_roles where rolname = ?", db.username())) {
          statement.execute(
              "create role " + db.username() + " login password '" + db.password() + "'");
        }
        statement.execute("grant connect on database " + DATABASE + " to " + db.username());
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not prepare the hutong database", e);
    }
  }

  private static boolean exists(Connection connection, String sql, String value)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, value);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** A postmaster left running by a launcher that was SIGKILLed holds the data directory. */
  private static void stopOrphan(Path data) {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    try {
      String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
      Optional<ProcessHandle> orphan =
          first.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(first));
      orphan
          .filter(ProcessHandle::isAlive)
          .filter(h -> h.info().command().map(c -> c.contains("postgres")).orElse(false))
          .ifPresent(
              h -> {
                h.destroy();
                h.onExit().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
              });
    } catch (IOException | NumberFormatException e) {
      // Not a readable pid file: PostgreSQL itself will judge it.
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop PostgreSQL", e);
    }
  }
}
