package io.weir.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for the dashboard tests: loads a page on loopback, lets its scripts run for a
 * while of virtual time, then prints the resulting DOM or takes a screenshot. Each run has a fresh
 * profile and no background networking; host names other than 127.0.0.1 do not resolve.
 */
public final class Chromium {
  private static final long VIRTUAL_TIME_MS = 8000;

  private final Path profile;

  public Chromium(Path profile) {
    this.profile = profile;
  }

  /** The browser's executable, or null when none is installed. */
  public static String find() {
    for (String candidate : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  public String dumpDom(String url) throws Exception {
    return run(List.of("--dump-dom", url));
  }

  public void screenshot(String url, Path png, int width, int height) throws Exception {
    Files.createDirectories(png.toAbsolutePath().getParent());
    run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars", url));
  }

  private String run(List<String> what) throws IOException, InterruptedException {
    Files.createDirectories(profile);
    List<String> cmd = new ArrayList<>(List.of(find(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--disable-extensions", "--user-data-dir=" + profile,
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--virtual-time-budget=" + VIRTUAL_TIME_MS));
    cmd.addAll(what);
    Path err = profile.resolve("stderr.log");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish within 120 s (" + err + ")");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("chromium exited with " + p.exitValue() + ": " + Files.readString(err));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
