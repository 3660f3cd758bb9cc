package io.hutong.deploy.server;

import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.Supervised;
import io.hutong.deploy.process.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL from zonky's embedded binaries (Maven Central), its postmaster a child process of this
 * JVM so it can be watched and restarted ({@link Supervised}, decision 0007). Its data stays in
 * {@code <dataDir>/postgres} between runs, its log is {@code logs/postgresql.log}, and its
 * durability settings are explicit ({@link Durability}). It creates the {@code hutong} database and
 * one login role per service ({@link ServiceDatabase}), and on every start sets each role's
 * password — the superuser's too — to the installation's generated one ({@link
 * InstallationSecrets}) and then requires passwords (SCRAM) of every client, so a data directory
 * created before the passwords were generated, which let any local client in, is brought in line.
 */
public final class PostgresServer implements Supervised, AutoCloseable {

  /** The database every service schema lives in. */
  public static final String DATABASE = "hutong";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private static final String SUPERUSER = "postgres";

  /** Every client, local socket or localhost TCP, must prove its password. */
  private static final String CLIENT_AUTHENTICATION =
      """
      # Written by Hutong's local stack on every start (PostgresServer): passwords required.
      local all all scram-sha-256
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private final PostgresBinaries binaries;
  private final Path data;
  private final Path logFile;
  private final int port;
  private final Durability durability;
  private final InstallationSecrets secrets;
  private volatile ChildProcess process;

  private PostgresServer(
      PostgresBinaries binaries,
      Path data,
      Path logFile,
      int port,
      Durability durability,
      InstallationSecrets secrets) {
    this.binaries = binaries;
    this.data = data;
    this.logFile = logFile;
    this.port = port;
    this.durability = durability;
    this.secrets = secrets;
  }

  /**
   * Initialises {@code dataDir/postgres} if new, starts PostgreSQL on {@code port} with {@code
   * durability}, and prepares the database and roles with their passwords from {@code secrets}.
   */
  public static PostgresServer start(
      Path dataDir, int port, Durability durability, InstallationSecrets secrets) {
    Path data = dataDir.resolve("postgres");
    stopOrphan(data);
    PostgresBinaries binaries = PostgresBinaries.install(dataDir.resolve("postgres-binaries"));
    PostgresServer server =
        new PostgresServer(
            binaries,
            data,
            dataDir.resolve("logs").resolve("postgresql.log"),
            port,
            durability,
            secrets);
    server.initdbIfNew();
    server.launch();
    server.createDatabases();
    return server;
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public ChildProcess process() {
    return process;
  }

  /** Starts a fresh postmaster on the same data and port (crash recovery replays the WAL). */
  @Override
  public synchronized void restart() {
    ChildProcess old = process;
    if (old != null && old.isAlive()) {
      old.stopWith("INT", Duration.ofSeconds(30));
    }
    launch();
  }

  public int port() {
    return port;
  }

  public Durability durability() {
    return durability;
  }

  /** JDBC URL of the {@code hutong} database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
  }

  /** A connection as {@code role}, for tests that check what a role may and may not do. */
  public Connection connectionAs(ServiceDatabase role) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), role.username(), role.password(secrets));
  }

  /** A superuser connection, for tests that must see or tamper with what a service cannot. */
  public Connection superuserConnection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), SUPERUSER, superuserPassword());
  }

  private String superuserPassword() {
    return secrets.password("postgres." + SUPERUSER);
  }

  private void initdbIfNew() {
    if (Files.exists(data.resolve("PG_VERSION"))) {
      return;
    }
    ChildProcess.runToCompletion(
        "initdb",
        binaries.command(
            "initdb",
            List.of("-A", "trust", "-U", SUPERUSER, "-D", data.toString(), "-E", "UTF-8")),
        Map.of(),
        data.getParent(),
        logFile,
        Duration.ofSeconds(120));
  }

  private synchronized void launch() {
    List<String> args =
        new ArrayList<>(List.of("-D", data.toString(), "-p", Integer.toString(port)));
    serverSettings().forEach((key, value) -> args.addAll(List.of("-c", key + "=" + value)));
    ChildProcess started =
        ChildProcess.start(
            name(), binaries.command("postgres", args), Map.of(), data.getParent(), logFile);
    process = started;
    Wait.until(
        "PostgreSQL on port " + port,
        READY_TIMEOUT,
        Duration.ofMillis(100),
        this::answers,
        started::requireAlive);
  }

  private Map<String, String> serverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("listen_addresses", "localhost");
    settings.put("max_connections", "300");
    settings.put("shared_buffers", "128MB");
    settings.put("timezone", "UTC");
    settings.putAll(durability.serverSettings());
    return settings;
  }

  private boolean answers() {
    String url = "jdbc:postgresql://localhost:" + port + "/postgres?connectTimeout=2";
    try (Connection connection = DriverManager.getConnection(url, SUPERUSER, superuserPassword());
        Statement statement = connection.createStatement()) {
      return statement.execute("select 1");
    } catch (SQLException starting) {
      if ("28P01".equals(starting.getSQLState())) {
        throw new IllegalStateException(
            "PostgreSQL in "
                + data
                + " refuses the superuser password in "
                + secrets.dir().resolve("postgres." + SUPERUSER)
                + ": restore that file, or start afresh (./hutong run --fresh)");
      }
      return false;
    }
  }

  /**
   * Creates the database and roles and sets every password; then requires passwords. A new data
   * directory starts with {@code initdb -A trust} (no superuser password yet), so the switch
   * happens only once all passwords are in place.
   */
  private void createDatabases() {
    String admin = "jdbc:postgresql://localhost:" + port + "/postgres";
    try (Connection connection =
            DriverManager.getConnection(admin, SUPERUSER, superuserPassword());
        Statement statement = connection.createStatement()) {
      statement.execute("alter role " + SUPERUSER + " password " + literal(superuserPassword()));
      if (!exists(connection, "select 1 from pg_database where datname = ?", DATABASE)) {
        statement.execute("create database " + DATABASE);
      }
      for (ServiceDatabase db : ServiceDatabase.all()) {
        loginRole(connection, db);
        statement.execute("grant connect, create on database " + DATABASE + " to " + db.username());
      }
      for (ServiceDatabase db : ServiceDatabase.restrictedRoles()) {
        loginRole(connection, db);
        statement.execute("grant connect on database " + DATABASE + " to " + db.username());
      }
      Files.writeString(data.resolve("pg_hba.conf"), CLIENT_AUTHENTICATION);
      statement.execute("select pg_reload_conf()");
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("could not prepare the hutong database", e);
    }
  }

  /** Creates the role if missing and sets its password to the installation's, every start. */
  private void loginRole(Connection connection, ServiceDatabase db) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (!exists(connection, "select 1 from pg_roles where rolname = ?", db.username())) {
        statement.execute("create role " + db.username() + " login");
      }
      statement.execute(
          "alter role " + db.username() + " login password " + literal(db.password(secrets)));
    }
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
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
                h.onExit().orTimeout(20, TimeUnit.SECONDS).join();
              });
    } catch (IOException | NumberFormatException e) {
      // Not a readable pid file: PostgreSQL itself will judge it.
    }
  }

  /**
   * Fast shutdown (SIGINT: clients disconnected, a checkpoint written), keeping the data. SIGTERM
   * would be PostgreSQL's smart shutdown, which waits for every client to leave.
   */
  @Override
  public void close() {
    ChildProcess running = process;
    if (running != null) {
      running.stopWith("INT", Duration.ofSeconds(30));
    }
  }
}
