package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.rest.RestSecurity;
import io.weir.rest.TestCoordinator;
import io.weir.testing.TestCertificates;
import io.weir.testing.TestClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a coordinator with a token and HTTPS: --token-file, --ca, and their errors. */
class SecureCliTest {
  private static final String TOKEN = "cli-test-token";

  @TempDir
  Path dir;

  @Test
  void theClientsSendTheTokenFromAFileAndSayWhatIsMissingWithoutIt() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Path wrongFile = Files.writeString(dir.resolve("wrong"), "nope\n");
    try (TestCoordinator c = new TestCoordinator(dir, null, new RestSecurity(TOKEN, null, null, false))) {
      String url = "http://127.0.0.1:" + c.port();
      CliTest.Run ok = CliTest.run("jobs", "--coordinator", url, "--token-file", tokenFile.toString());
      assertThat(ok.code()).as(ok.err()).isZero();

      CliTest.Run missing = CliTest.run("jobs", "--coordinator", url);
      assertThat(missing.code()).isEqualTo(3);
      assertThat(missing.err().strip()).startsWith("weir: the coordinator at " + url + " refused the request: "
          + "this coordinator requires a token").endsWith("; give its token with --token-file FILE or WEIR_TOKEN");

      CliTest.Run wrong = CliTest.run("jobs", "--coordinator", url, "--token-file", wrongFile.toString());
      assertThat(wrong.code()).isEqualTo(3);
      assertThat(wrong.err().strip()).isEqualTo("weir: the coordinator at " + url + " refused the request: the token is wrong");

      CliTest.Run noFile = CliTest.run("jobs", "--coordinator", url, "--token-file", dir.resolve("absent").toString());
      assertThat(noFile.err().strip()).startsWith("weir: --token-file: cannot read " + dir.resolve("absent"));
    }
  }

  @Test
  void anHttpsCoordinatorIsReachedWithItsCaAndRefusedWithout() throws Exception {
    TestCertificates ca = TestCertificates.ca(dir.resolve("certs"), "cli");
    TestCertificates.Pair server = ca.issue("coordinator");
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
    RestSecurity security = new RestSecurity(TOKEN, server.cert().toString(), server.key().toString(), false);
    try (TestCoordinator c = new TestCoordinator(dir, null, security)) {
      String url = "https://127.0.0.1:" + c.port();
      CliTest.Run ok = CliTest.run("jobs", "--coordinator", url, "--token-file", tokenFile.toString(),
          "--ca", ca.caCert().toString());
      assertThat(ok.code()).as(ok.err()).isZero();

      CliTest.Run untrusted = CliTest.run("jobs", "--coordinator", url, "--token-file", tokenFile.toString());
      assertThat(untrusted.code()).isEqualTo(3);
      assertThat(untrusted.err().strip()).startsWith("weir: cannot reach the coordinator at " + url
          + ": its certificate is not trusted").endsWith("give its CA with --ca FILE");
    }
  }

  @Test
  void aCoordinatorOnANonLoopbackAddressWithoutATokenRefusesToStart() throws Exception {
    CliTest.Run r = CliTest.run("coordinator", "--cluster-name", TestClusters.uniqueName(), "--host", "0.0.0.0",
        "--hz-port", Integer.toString(TestClusters.randomPort()));
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err().strip()).startsWith("weir: refusing to serve the REST API on 0.0.0.0 without a token")
        .contains("--insecure");
  }
}
