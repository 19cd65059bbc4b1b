package io.weir.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for tests, made with the JDK's keytool in a temporary directory: a CA and
 * certificates it signed (for 127.0.0.1 and localhost), as PEM files. Nothing outside a test
 * trusts them; they are never committed.
 */
public final class TestCertificates {
  private static final String PASSWORD = "test-only";

  /** A PEM certificate and its PEM (PKCS#8) private key. */
  public record Pair(Path cert, Path key) {
  }

  private final Path dir;
  private final String name;
  private final Path caStore;
  private final Path caPem;

  private TestCertificates(Path dir, String name) throws Exception {
    this.dir = Files.createDirectories(dir);
    this.name = name;
    this.caStore = dir.resolve(name + "-ca.p12");
    this.caPem = dir.resolve(name + "-ca.pem");
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name + " test CA",
        "-ext", "bc:c", "-validity", "2", "-keystore", caStore.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", caStore.toString(), "-storepass", PASSWORD,
        "-file", caPem.toString());
  }

  /** A new CA named {@code name} with its files in {@code dir}. */
  public static TestCertificates ca(Path dir, String name) throws Exception {
    return new TestCertificates(dir, name);
  }

  public Path caCert() {
    return caPem;
  }

  /** A certificate for {@code cn} (valid for 127.0.0.1 and localhost, as server and client) signed by this CA. */
  public Pair issue(String cn) throws Exception {
    Path store = dir.resolve(name + "-" + cn + ".p12");
    Path csr = dir.resolve(name + "-" + cn + ".csr");
    Path cert = dir.resolve(name + "-" + cn + ".pem");
    Path key = dir.resolve(name + "-" + cn + "-key.pem");
    keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
        "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-certreq", "-alias", "node", "-keystore", store.toString(), "-storepass", PASSWORD, "-file", csr.toString());
    keytool("-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASSWORD, "-infile", csr.toString(),
        "-outfile", cert.toString(), "-rfc", "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-ext", "EKU=serverAuth,clientAuth");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    PrivateKey privateKey = (PrivateKey) ks.getKey("node", PASSWORD.toCharArray());
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(privateKey.getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Files.writeString(key, pem);
    return new Pair(cert, key);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
