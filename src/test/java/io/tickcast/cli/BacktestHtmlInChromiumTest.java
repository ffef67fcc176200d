package io.tickcast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickcast.feed.RawTick;
import io.tickcast.feed.SyntheticMarket;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest --html} end to end: the file the command writes is opened in a real browser,
 * headless Chromium (Debian package {@code chromium}; {@code .ci/run} installs it), with name
 * resolution disabled so that nothing could be fetched. The screenshot must not be blank, the browser
 * must log no console message (the page has no script, so any message is an error), and the SVGs
 * must be in the DOM it built. Skipped, with the reason, where Chromium is not installed.
 */
class BacktestHtmlInChromiumTest {
  @TempDir Path dir;

  private String chromium;

  @BeforeEach
  void findChromium() {
    chromium = onPath("chromium") ? "chromium" : onPath("chromium-browser") ? "chromium-browser" : null;
    assumeTrue(chromium != null, "headless Chromium is not installed (Debian package chromium; .ci/run installs it)");
  }

  static boolean onPath(String binary) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, binary))) {
        return true;
      }
    }
    return false;
  }

  /** What a Chromium run printed and left. */
  private record Run(int exit, String stdout, String stderr) {
    /** Console messages of the page: the page has no script, so there should be none. */
    List<String> consoleMessages() {
      List<String> out = new ArrayList<>();
      for (String line : stderr.split("\n")) {
        if (line.contains(":CONSOLE") || line.contains("Uncaught")) {
          out.add(line);
        }
      }
      return out;
    }
  }

  private Run chromium(Path page, String... mode) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--enable-logging=stderr", "--v=0", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND",
        "--user-data-dir=" + dir.resolve("profile")));
    cmd.addAll(List.of(mode));
    cmd.add(page.toUri().toString());
    Path out = dir.resolve("chromium.out");
    Path err = dir.resolve("chromium.err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 180 s");
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private Path csv() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("symbol,timestamp,price");
    for (RawTick t : SyntheticMarket.series("AAA", SyntheticMarket.Kind.HIDDEN_REGIME, 1500, 1)) {
      lines.add("AAA," + Instant.ofEpochMilli(t.time()) + "," + t.price());
    }
    for (RawTick t : SyntheticMarket.series("BBB", SyntheticMarket.Kind.RANDOM_WALK, 600, 2)) {
      lines.add("BBB," + t.time() + "," + t.price());
    }
    Path file = dir.resolve("ticks.csv");
    Files.write(file, lines);
    return file;
  }

  @Test
  void theReportOpensOfflineInChromiumWithItsChartsAndWithoutErrors() throws Exception {
    Path html = dir.resolve("report.html");
    Path json = dir.resolve("report.json");
    int code = Main.execute("backtest", "--input", csv().toString(), "--train-fraction", "0.7", "--html", html.toString(),
        "--json", json.toString(), "--set", "train.max.epochs=2", "--set", "train.hidden.size=4");
    assertThat(code).isZero();
    String page = Files.readString(html, StandardCharsets.UTF_8);
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(page).contains("data-block=\"symbols.AAA\"")
        .contains("data-value=\"" + report.get("overall").get("lstm").get("mse_return").asDouble() + "\"");

    Path png = dir.resolve("shot.png");
    Run shot = chromium(html, "--screenshot=" + png, "--window-size=1140,5200");
    assertThat(shot.exit()).as("chromium said:\n%s", shot.stderr()).isZero();
    assertThat(shot.consoleMessages()).as("console messages").isEmpty();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1140);
    double[] stats = luminance(image);
    assertThat(stats[0]).as("share of non-white pixels").isGreaterThan(0.03);
    assertThat(stats[1]).as("share of dark (ink) pixels").isGreaterThan(0.002);
    assertThat(stats[2]).as("standard deviation of luminance").isGreaterThan(10);
    // the lower half of the page (calibration, sources, figures) is drawn too, not only the header
    double[] lower = luminance(image.getSubimage(0, image.getHeight() / 2, image.getWidth(), image.getHeight() / 2));
    assertThat(lower[0]).isGreaterThan(0.01);

    Run dom = chromium(html, "--dump-dom");
    assertThat(dom.exit()).as("chromium said:\n%s", dom.stderr()).isZero();
    assertThat(dom.consoleMessages()).isEmpty();
    assertThat(count(dom.stdout(), "<svg ")).isEqualTo(count(page, "<svg ")).isGreaterThanOrEqualTo(6);
    assertThat(count(dom.stdout(), "class=\"series\"")).isEqualTo(count(page, "class=\"series\""));
    for (String section : List.of("price", "skill", "calibration", "sources", "figures")) {
      assertThat(dom.stdout()).contains("<section id=\"" + section + "\">");
    }
    assertThat(dom.stdout()).doesNotContain("parsererror");
  }

  @Test
  void aPageThatLogsAnErrorIsCaught() throws Exception {
    Path bad = dir.resolve("bad.html");
    Files.writeString(bad, "<!DOCTYPE html><html><body><p>x</p><script>console.error('boom'); missing();</script></body></html>");
    Run run = chromium(bad, "--dump-dom");
    assertThat(run.consoleMessages()).anyMatch(l -> l.contains("boom")).anyMatch(l -> l.contains("Uncaught"));
  }

  /** [share of non-white pixels, share of dark pixels, standard deviation of luminance]. */
  private static double[] luminance(BufferedImage image) {
    long n = (long) image.getWidth() * image.getHeight();
    double sum = 0;
    double sumSq = 0;
    long nonWhite = 0;
    long dark = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        double l = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
        sum += l;
        sumSq += l * l;
        nonWhite += l < 250 ? 1 : 0;
        dark += l < 80 ? 1 : 0;
      }
    }
    double mean = sum / n;
    return new double[] {(double) nonWhite / n, (double) dark / n, Math.sqrt(Math.max(0, sumSq / n - mean * mean))};
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
