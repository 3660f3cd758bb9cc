package io.hutong.deploy.server;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL's {@code initdb} and {@code postgres} binaries, unpacked from zonky's Maven Central
 * artifact into a directory named after the archive's hash. It exists so the stack can run the
 * postmaster itself as a child process (decision 0007) instead of through zonky's {@code pg_ctl}
 * wrapper, which daemonises it.
 *
 * <p>PostgreSQL refuses to run as root; as root, every command is run under {@code unshare -U} (a
 * user namespace where this process is not uid 0), as zonky does.
 */
final class PostgresBinaries {

  private final Path home;

  private PostgresBinaries(Path home) {
    this.home = home;
  }

  /** Unpacks the binaries under {@code parent} unless an earlier run already did. */
  static synchronized PostgresBinaries install(Path parent) {
    try (InputStream archive =
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
      byte[] bytes = archive.readAllBytes();
      String hash = HexFormat.of().formatHex(sha256(bytes)).substring(0, 16);
      Path home = parent.resolve("pg-" + hash);
      if (!Files.exists(home.resolve(".complete"))) {
        unpack(bytes, home);
      }
      return new PostgresBinaries(home);
    } catch (IOException e) {
      throw new UncheckedIOException("could not unpack the PostgreSQL binaries", e);
    }
  }

  /** {@code [unshare -U] <home>/bin/<program> <args>}. */
  List<String> command(String program, List<String> args) {
    List<String> command = new ArrayList<>();
    if (runningAsRoot()) {
      command.add("unshare");
      command.add("-U");
    }
    command.add(home.resolve("bin").resolve(program).toString());
    command.addAll(args);
    return command;
  }

  private static void unpack(byte[] archive, Path home) throws IOException {
    Files.createDirectories(home.getParent());
    Path staging = Files.createTempDirectory(home.getParent(), "unpacking");
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = staging.resolve(entry.getName()).normalize();
        if (!target.startsWith(staging)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          if ((entry.getMode() & 0100) != 0) {
            target.toFile().setExecutable(true, false);
          }
        }
      }
    }
    Files.createFile(staging.resolve(".complete"));
    try {
      Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException raced) {
      if (!Files.exists(home.resolve(".complete"))) {
        throw raced;
      }
    }
  }

  /** The owner of {@code /proc/self} is this process's effective user. */
  private static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
