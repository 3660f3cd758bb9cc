package io.hutong.deploy.server;

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
import java.util.HexFormat;

/**
 * Finds Keycloak's distribution zip in the local Maven repository, or downloads it from Maven
 * Central into that repository (checked against Central's SHA-1), so a fresh machine needs nothing
 * installed by hand and the 177 MB download happens once.
 */
final class KeycloakDistribution {

  private static final String GROUP_PATH = "org/keycloak/keycloak-quarkus-dist";

  private KeycloakDistribution() {}

  static Path resolve(String version) {
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
