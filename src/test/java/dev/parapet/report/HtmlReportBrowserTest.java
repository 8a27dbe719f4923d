package dev.parapet.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens the HTML report of {@code examples/insecure-cluster} in headless Chromium (Debian's {@code
 * chromium} and {@code chromium-driver} packages, driven by Selenium through {@code
 * /usr/bin/chromedriver}): it must render without console errors, with the graph and the findings
 * table, and its severity filter must hide rows. Saves a screenshot to {@code
 * target/html-report/report-screenshot.png}, and to {@code docs/report-screenshot.png} when run
 * with {@code -Dparapet.docs.update=true}.
 *
 * <p>Nothing is downloaded: the driver and browser paths are set, so Selenium Manager is never
 * asked for them (and the build sets {@code SE_OFFLINE=true} for it anyway). The test fails, rather
 * than skips, when the browser is missing, because CI installs it ({@code .ci/run}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportBrowserTest {
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path OUT = Path.of("target", "html-report");

  private ChromeDriver driver;

  @BeforeAll
  void startBrowser() {
    assertThat(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM))
        .as(
            "the browser test needs Debian's chromium and chromium-driver packages (%s and %s);"
                + " install them with: apt-get update && apt-get install -y"
                + " --no-install-recommends chromium chromium-driver",
            CHROMIUM, CHROMEDRIVER)
        .isTrue();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1800",
        "--force-device-scale-factor=1");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void insecureExampleRendersWithGraphTablesAndWorkingFilters() throws IOException {
    Path page = write("insecure-cluster.html", report("examples/insecure-cluster"));
    open(page);

    assertThat(severeConsoleEntries()).as("SEVERE browser console entries").isEmpty();
    assertThat(driver.findElements(By.cssSelector("svg#attack-graph g.vertex")).size())
        .isGreaterThan(50);
    assertThat(driver.findElements(By.cssSelector("svg#attack-graph path.edge")).size())
        .isGreaterThan(50);
    assertThat(driver.findElements(By.cssSelector("svg#attack-graph path.edge.on-path")))
        .isNotEmpty();
    assertThat(driver.findElement(By.id("attack-graph")).getSize().getWidth()).isGreaterThan(500);
    assertThat(driver.findElements(By.cssSelector("#ranking-table tbody tr"))).isNotEmpty();
    assertThat(driver.findElements(By.cssSelector("details.path"))).isNotEmpty();

    int rows = driver.findElements(By.cssSelector("#findings-table tbody tr")).size();
    assertThat(rows).isGreaterThan(100);
    long visible = visibleRows();
    assertThat(visible).isEqualTo(rows); // nothing suppressed in the example

    driver.findElement(By.cssSelector("#filter-severity option[value='critical']")).click();
    long critical = visibleRows();
    assertThat(critical).isPositive().isLessThan(visible);
    assertThat(
            driver.executeScript(
                "return Array.from(document.querySelectorAll('#findings-table tbody tr'))"
                    + ".filter(r => !r.hidden && r.dataset.severity !== 'critical').length"))
        .isEqualTo(0L);
    assertThat(driver.findElement(By.id("findings-shown")).getText())
        .isEqualTo(Long.toString(critical));
    driver.findElement(By.cssSelector("#filter-namespace option[value='kube-system']")).click();
    assertThat(visibleRows()).isPositive().isLessThan(critical);
    driver.findElement(By.cssSelector("#filter-severity option[value='']")).click();
    driver.findElement(By.cssSelector("#filter-namespace option[value='']")).click();
    assertThat(visibleRows()).isEqualTo(visible);

    // opening a path marks its steps in the graph
    driver.findElement(By.cssSelector("details.path summary")).click();
    assertThat(driver.findElements(By.cssSelector("svg#attack-graph path.edge.selected")))
        .isNotEmpty();
    driver.findElement(By.cssSelector("details.path summary")).click();

    driver.findElement(By.id("graph-zoom-in")).click();
    assertThat(driver.findElement(By.id("graph-scale")).getText()).endsWith("%");
    driver.findElement(By.id("graph-actual")).click();
    assertThat(driver.findElement(By.id("graph-scale")).getText()).isEqualTo("100%");
    assertThat(severeConsoleEntries()).as("SEVERE browser console entries").isEmpty();

    driver.executeScript("window.scrollTo(0, 0)");
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Files.write(OUT.resolve("report-screenshot.png"), png);
    if (Boolean.getBoolean("parapet.docs.update")) {
      Files.write(Path.of("docs", "report-screenshot.png"), png);
    }
    assertThat(Files.size(OUT.resolve("report-screenshot.png"))).isGreaterThan(10_000);
  }

  @Test
  void aGraphOfTwoHundredVerticesOpensReadable() throws IOException {
    String html =
        ReportFixtures.render(
            new HtmlRenderer(
                Optional.of(HtmlRenderer.Attack.of(GraphLayoutTest.largeGraph())),
                Optional.empty()),
            ReportFixtures.full());
    open(write("large-graph.html", html));
    assertThat(severeConsoleEntries()).isEmpty();
    assertThat(driver.findElements(By.cssSelector("svg#attack-graph g.vertex")))
        .hasSize(HtmlRenderer.MAX_DRAWN_VERTICES);
    // labels open at their full 11px size (the box scrolls and pans); "fit" shows it all
    assertThat(labelHeight()).isGreaterThanOrEqualTo(10.0);
    driver.findElement(By.id("graph-fit")).click();
    double fitted = labelHeight();
    assertThat(fitted).isLessThan(10.0);
    WebElement box = driver.findElement(By.cssSelector(".graph-box"));
    WebElement svg = driver.findElement(By.id("attack-graph"));
    assertThat(svg.getSize().getWidth()).isLessThanOrEqualTo(box.getSize().getWidth());
    assertThat(svg.getSize().getHeight()).isLessThanOrEqualTo(box.getSize().getHeight());
    driver.findElement(By.id("graph-zoom-in")).click();
    assertThat(labelHeight()).isGreaterThan(fitted);
  }

  private double labelHeight() {
    return ((Number)
            driver.executeScript(
                "return document.querySelector('#attack-graph g.vertex text')"
                    + ".getBoundingClientRect().height"))
        .doubleValue();
  }

  @Test
  void markupInTheInputIsShownAsTextAndNeverRuns() throws IOException {
    Path page = write("hostile.html", report(HtmlRendererTest.HOSTILE));
    open(page);
    assertThat(severeConsoleEntries()).isEmpty();
    boolean alert;
    try {
      driver.switchTo().alert();
      alert = true;
    } catch (NoAlertPresentException e) {
      alert = false;
    }
    assertThat(alert).as("an alert() from the input ran").isFalse();
    assertThat(driver.findElements(By.cssSelector("img"))).isEmpty();
    assertThat(driver.findElement(By.id("findings-table")).getText())
        .contains("<img src=x onerror=alert(1)>")
        .contains("</td><script>window.parapetPwned=1</script>");
    assertThat(driver.executeScript("return window.parapetPwned === undefined")).isEqualTo(true);
  }

  @Test
  void theConsoleCheckSeesErrors() throws IOException {
    // the check above would pass vacuously if the browser log were not collected
    Path page =
        write(
            "console-error.html",
            "<!DOCTYPE html><html><body><script>console.error('boom')</script></body></html>");
    open(page);
    assertThat(severeConsoleEntries()).anyMatch(m -> m.contains("boom"));
  }

  private void open(Path page) {
    driver.get(page.toAbsolutePath().toUri().toString());
  }

  private long visibleRows() {
    return (Long)
        driver.executeScript(
            "return Array.from(document.querySelectorAll('#findings-table tbody tr'))"
                + ".filter(r => !r.hidden && r.offsetParent !== null).length");
  }

  private List<String> severeConsoleEntries() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  private static String report(String pathOrYaml) {
    return HtmlRendererTest.render(pathOrYaml);
  }

  private static Path write(String name, String html) throws IOException {
    Files.createDirectories(OUT);
    Path file = OUT.resolve(name);
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file;
  }
}
