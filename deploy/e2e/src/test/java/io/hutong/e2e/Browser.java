package io.hutong.e2e;

import io.hutong.deploy.server.LocalIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium — Debian's {@code chromium} driven through its own {@code
 * chromedriver}, nothing downloaded at test time — for the console's tests. One browser is one
 * person: its own cookies, its own Keycloak session, Chinese first unless told otherwise.
 */
final class Browser implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** Where screenshots go ({@code target/screenshots}); the README shows the best ones. */
  static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

  private final ChromeDriver driver;
  private final WebDriverWait wait;
  private final String origin;

  private Browser(ChromeDriver driver, String origin) {
    this.driver = driver;
    this.origin = origin;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** A fresh browser (no cookies) in {@code language}, talking to the gateway at {@code origin}. */
  static Browser open(String origin, String language) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "Chromium and chromedriver are needed (./hutong test installs them as root; otherwise:"
              + " sudo apt-get install chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1366,900",
        "--lang=" + language);
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new Browser(new ChromeDriver(service, options), origin);
  }

  WebDriver driver() {
    return driver;
  }

  /** Opens {@code path} (e.g. {@code /console/}) on the gateway's origin. */
  Browser go(String path) {
    driver.get(origin + path);
    return this;
  }

  /**
   * Opens the console and signs in on Keycloak's real login page as {@code person}; returns once
   * the console shows them signed in.
   */
  Browser signIn(LocalIdentity person) {
    go("/console/");
    WebElement user = waitFor(By.id("username"));
    user.clear();
    user.sendKeys(person.name());
    driver.findElement(By.id("password")).sendKeys(person.credential());
    driver.findElement(By.id("kc-login")).click();
    waitFor(By.cssSelector("[data-test=user-name]"));
    return this;
  }

  /** Waits for {@code by}; when it never shows, says where the browser is and what it shows. */
  WebElement waitFor(By by) {
    try {
      return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (org.openqa.selenium.TimeoutException e) {
      String page = driver.findElement(By.tagName("body")).getText();
      throw new AssertionError(
          "no "
              + by
              + " at "
              + driver.getCurrentUrl()
              + " (title: "
              + driver.getTitle()
              + "); the page: "
              + (page.length() > 1500 ? page.substring(0, 1500) : page),
          e);
    }
  }

  void waitForText(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /** Scrolls {@code by} into view (before a screenshot of it). */
  void scrollTo(By by) {
    driver.executeScript("arguments[0].scrollIntoView({block: 'start'});", waitFor(by));
  }

  String text(By by) {
    return waitFor(by).getText();
  }

  boolean present(By by) {
    return !driver.findElements(by).isEmpty();
  }

  /** Saves a PNG of the current page as {@code target/screenshots/<name>.png}. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
