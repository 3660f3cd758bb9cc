package io.hutong.deploy.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The secrets of one installation — database passwords, Kafka and Keycloak credentials, the TLS
 * keystore password, the audit log's signing key — generated at first start under {@code
 * <dataDir>/secrets} with owner-only permissions and read back on every later start. Nothing secret
 * is committed: two installations never share a value, and a value only exists on the machine that
 * generated it.
 *
 * <p>Each secret is one file named after it; deleting a file makes the next start generate a new
 * value (which is how a local installation rotates one).
 */
public final class InstallationSecrets {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  private InstallationSecrets(Path dir) {
    this.dir = dir;
  }

  /** The secrets of the installation in {@code dataDir}, creating their directory if needed. */
  public static InstallationSecrets in(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().resolve("secrets");
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new InstallationSecrets(dir);
  }

  /** Where the secret files live (owner-only). */
  public Path dir() {
    return dir;
  }

  /**
   * The password-like secret called {@code name}: 32 random bytes, base64url without padding (safe
   * in JAAS strings, URLs and SQL literals), generated on first use.
   */
  public String password(String name) {
    return readOrCreate(
        name,
        () -> {
          byte[] bytes = new byte[32];
          RANDOM.nextBytes(bytes);
          return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        });
  }

  /**
   * The Ed25519 key pair called {@code name}, as base64 PKCS#8 private key and base64 raw 32-byte
   * public key (the form the audit service's settings take), generated on first use.
   */
  public SigningKey signingKey(String name) {
    String privateKey =
        readOrCreate(
            name + ".private",
            () -> {
              KeyPair pair = ed25519();
              writeNew(
                  name + ".public",
                  Base64.getEncoder().encodeToString(rawPublicKey(pair.getPublic().getEncoded())));
              return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
            });
    return new SigningKey(privateKey, read(name + ".public"));
  }

  /**
   * Writes (or replaces) a derived file that contains secrets, such as a client configuration for
   * Kafka's command-line tools, owner-only like the secrets themselves; returns its path.
   */
  public Path writeDerived(String name, String content) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a file name: " + name);
    }
    synchronized (this) {
      writeNew(name, content.strip());
    }
    return dir.resolve(name);
  }

  /** An Ed25519 key pair in the form the audit service reads. */
  public record SigningKey(String privateKeyPkcs8, String publicKeyRaw) {}

  private interface Generator {
    String generate();
  }

  private synchronized String readOrCreate(String name, Generator generator) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a secret name: " + name);
    }
    Path file = dir.resolve(name);
    if (Files.exists(file)) {
      return read(name);
    }
    String value = generator.generate();
    writeNew(name, value);
    return value;
  }

  private String read(String name) {
    try {
      return Files.readString(dir.resolve(name), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Written to a temporary owner-only file first, then moved into place atomically. */
  private void writeNew(String name, String value) {
    try {
      Path temp =
          Files.createTempFile(
              dir, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.writeString(temp, value + "\n", StandardCharsets.UTF_8);
      Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** X.509 SubjectPublicKeyInfo of Ed25519 is a 12-byte header followed by the raw 32-byte key. */
  private static byte[] rawPublicKey(byte[] x509) {
    byte[] raw = new byte[32];
    System.arraycopy(x509, x509.length - 32, raw, 0, 32);
    return raw;
  }
}
