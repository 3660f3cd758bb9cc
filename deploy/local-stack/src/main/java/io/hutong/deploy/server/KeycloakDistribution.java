package io.hutong.deploy.server;

import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.JavaCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Gets Keycloak ready to run without anything installed by hand. The distribution zip comes from
 * the local Maven repository, or is downloaded from Maven Central into it (checked against
 * Central's SHA-1) once. It is then unpacked and built ({@code kc.sh build}, ~20 s) once per
 * machine into a cache directory; each stack copies that prepared tree, so no start pays for the
 * build again.
 */
final class KeycloakDistribution {

  private static final String GROUP_PATH = "org/keycloak/keycloak-quarkus-dist";
  private static final String MARKER = ".hutong-prepared";

  /** Build-time options; part of the cache key, since changing them needs a rebuild. */
  static final List<String> BUILD_OPTIONS = List.of("--db=dev-file", "--cache=local");

  private KeycloakDistribution() {}

  /** Makes {@code home} a built Keycloak distribution of {@code version}, if it is not already. */
  static void install(String version, Path home) {
    if (Files.exists(home.resolve(MARKER))) {
      return;
    }
    Path prepared = prepared(version);
    try {
      copyTree(prepared, home);
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy Keycloak into " + home, e);
    }
  }

  /** The unpacked and built distribution in the machine's cache, preparing it on first use. */
  static Path prepared(String version) {
    String key = version + "-" + Integer.toHexString(String.join(" ", BUILD_OPTIONS).hashCode());
    Path target = cacheDir().resolve("keycloak-" + key);
    if (Files.exists(target.resolve(MARKER))) {
      return target;
    }
    Path zip = zip(version);
    try {
      Files.createDirectories(target.getParent());
      Path staging = Files.createTempDirectory(target.getParent(), "keycloak-staging");
      Path home = unzip(zip, staging).resolve("keycloak-" + version);
      System.out.println("Building Keycloak " + version + " once for this machine (~20 s) ...");
      ChildProcess.runToCompletion(
          "keycloak-build",
          concat(List.of(home.resolve("bin/kc.sh").toString(), "build"), BUILD_OPTIONS),
          Map.of("JAVA_HOME", JavaCommand.javaHome()),
          home,
          staging.resolve("build.log"),
          Duration.ofMinutes(5));
      Files.writeString(home.resolve(MARKER), version);
      try {
        Files.move(home, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!Files.exists(target.resolve(MARKER))) {
          throw raced;
        }
        // Another JVM prepared it at the same time: use theirs.
      }
      deleteTree(staging);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare Keycloak in " + target, e);
    }
  }

  private static Path cacheDir() {
    String configured = System.getProperty("hutong.cache.dir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg == null || xdg.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache")
            : Path.of(xdg);
    return base.resolve("hutong");
  }

  private static Path unzip(Path zip, Path target) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      Path root = target.toAbsolutePath().normalize();
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        Path out = root.resolve(entry.getName()).normalize();
        if (!out.startsWith(root)) {
          throw new IOException("zip entry outside target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          if (out.getFileName().toString().endsWith(".sh") && !out.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + out + " executable");
          }
        }
      }
    }
    return target;
  }

  /** Copies the prepared tree, the marker last, so a half-finished copy is never taken as done. */
  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().equals(MARKER)) {
          Files.copy(
              source,
              target,
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    Files.copy(from.resolve(MARKER), to.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** The distribution zip in the local Maven repository, downloaded there first if missing. */
  static Path zip(String version) {
    Path zip =
        localRepository()
            .resolve(GROUP_PATH)
            .resolve(version)
            .resolve("keycloak-quarkus-dist-" + version + ".zip");
    if (Files.exists(zip)) {
      return zip;
    }
    String remote =
        System.getProperty("hutong.maven.central", "https://repo.maven.apache.org/maven2")
            + "/"
            + GROUP_PATH
            + "/"
            + version
            + "/"
            + zip.getFileName();
    download(remote, zip);
    return zip;
  }

  private static Path localRepository() {
    String configured = System.getProperty("maven.repo.local");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  private static void download(String url, Path target) {
    System.out.println("Downloading Keycloak distribution (once): " + url);
    try (HttpClient client =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
      Files.createDirectories(target.getParent());
      Path partial = Files.createTempFile(target.getParent(), "keycloak", ".part");
      HttpResponse<Path> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(15)).build(),
              HttpResponse.BodyHandlers.ofFile(partial));
      if (response.statusCode() != 200) {
        Files.deleteIfExists(partial);
        throw new IllegalStateException(
            "download failed with HTTP " + response.statusCode() + ": " + url);
      }
      String expected =
          client
              .send(
                  HttpRequest.newBuilder(URI.create(url + ".sha1")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body()
              .trim()
              .split("\\s+")[0];
      String actual = sha1(partial);
      if (!actual.equalsIgnoreCase(expected)) {
        Files.deleteIfExists(partial);
        throw new IllegalStateException(
            "checksum mismatch for " + url + ": expected " + expected + ", got " + actual);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not download " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while downloading " + url, e);
    }
  }

  private static String sha1(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
