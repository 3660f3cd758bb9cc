package io.hutong.deploy.server;

import io.hutong.deploy.process.ChildProcess;
import io.hutong.deploy.process.JavaCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local stack's own certificate authority and the Kafka broker's certificate, generated at
 * first start with the JDK's {@code keytool} under {@code <dataDir>/tls} and reused afterwards.
 * Clients trust {@link #caCertificate()} (PEM) and nothing else, so a client that does not hold it
 * cannot complete the handshake; the broker's certificate names {@code localhost} and {@code
 * 127.0.0.1}, so hostname verification stays on.
 *
 * <p>The CA's private key never leaves {@code ca.p12} (owner-only); both keystores are protected by
 * the installation's generated {@code tls.keystore} secret.
 */
public final class LocalCa {

  private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

  /** keytool reads the keystore password from this variable, never from its command line. */
  private static final String PASSWORD_VARIABLE = "HUTONG_TLS_KEYSTORE_PASSWORD";

  private final Path dir;
  private final String password;

  private LocalCa(Path dir, String password) {
    this.dir = dir;
    this.password = password;
  }

  /** The CA of the installation in {@code dataDir}, generating it and the broker's key if new. */
  public static synchronized LocalCa in(Path dataDir, InstallationSecrets secrets) {
    LocalCa ca =
        new LocalCa(dataDir.toAbsolutePath().resolve("tls"), secrets.password("tls.keystore"));
    if (!Files.exists(ca.brokerKeystore())) {
      ca.generate();
    }
    return ca;
  }

  /** The CA certificate every client trusts (PEM). */
  public Path caCertificate() {
    return dir.resolve("ca.pem");
  }

  /** The broker's key and certificate chain (PKCS#12). */
  public Path brokerKeystore() {
    return dir.resolve("broker.p12");
  }

  /** Password of {@link #brokerKeystore()}. */
  public String keystorePassword() {
    return password;
  }

  private void generate() {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      for (String name :
          List.of("ca.p12", "ca.pem", "broker.csr", "broker.pem", "broker.p12.tmp")) {
        Files.deleteIfExists(dir.resolve(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path brokerTemp = dir.resolve("broker.p12.tmp");
    String broker = brokerTemp.getFileName().toString();
    keytool(
        "ca.p12",
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=Hutong local CA",
        "-ext",
        "bc:c",
        "-validity",
        "3650",
        "-storetype",
        "PKCS12");
    keytool("ca.p12", "-exportcert", "-rfc", "-alias", "ca", "-file", "ca.pem");
    keytool(
        broker,
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-validity",
        "825",
        "-storetype",
        "PKCS12");
    keytool(broker, "-certreq", "-alias", "broker", "-file", "broker.csr");
    keytool(
        "ca.p12",
        "-gencert",
        "-alias",
        "ca",
        "-infile",
        "broker.csr",
        "-outfile",
        "broker.pem",
        "-rfc",
        "-validity",
        "825",
        "-ext",
        "san=dns:localhost,ip:127.0.0.1",
        "-ext",
        "ku:c=digitalSignature",
        "-ext",
        "eku=serverAuth");
    keytool(broker, "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem");
    keytool(broker, "-importcert", "-noprompt", "-alias", "broker", "-file", "broker.pem");
    try {
      Files.deleteIfExists(dir.resolve("broker.csr"));
      Files.move(brokerTemp, brokerKeystore());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs keytool on {@code keystore}, whose password it reads from the environment. */
  private void keytool(String keystore, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(JavaCommand.javaHome(), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-keystore", keystore, "-storepass:env", PASSWORD_VARIABLE));
    ChildProcess.runToCompletion(
        "keytool",
        command,
        Map.of(PASSWORD_VARIABLE, password),
        dir,
        dir.resolve("keytool.log"),
        KEYTOOL_TIMEOUT);
  }
}
