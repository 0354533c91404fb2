package org.journeyledger.journey.support;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real headless Chromium driven through chromedriver, both from the system ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}; Debian: {@code apt-get install chromium chromium-driver}). Where they are missing the
 * calling test is skipped, not failed, so that {@code mvn verify} still works with only a JDK and Maven; CI installs
 * them (see {@code .ci/run}). Nothing is downloaded: Selenium Manager is never asked for a driver.
 */
public final class Browser {

    public static final Path CHROMIUM = Path.of(System.getProperty("journey.test.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("journey.test.chromedriver", "/usr/bin/chromedriver"));
    /** Where screenshots of the console go: test artefacts of the build. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {
    }

    /** Whether Chromium and chromedriver are there, for {@code @EnabledIf} on test classes. */
    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the calling test (or class, from {@code @BeforeAll}) when Chromium or chromedriver is missing. */
    public static void assumeInstalled() {
        assumeTrue(installed(),
                "Browser tests skipped: need " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (Debian: apt-get install -y chromium chromium-driver)");
    }

    /** Starts a headless Chromium with a fresh profile, or skips the test when Chromium or chromedriver is missing. */
    public static WebDriver start() {
        assumeInstalled();
        Path profile;
        try {
            Path profiles = Files.createDirectories(Path.of("target", "chromium-profiles"));
            profile = Files.createTempDirectory(profiles.toAbsolutePath(), "profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--lang=en-GB");
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        laptop(driver);
        return driver;
    }

    /**
     * Signs the console on the page that is open in with an API key, as a user pasting it into the sign-in form
     * (signing out first when the tab is signed in already); the key then stays in the tab's sessionStorage
     * across page loads.
     */
    public static void signIn(WebDriver driver, String apiKey) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        wait.until(d -> d.findElement(By.id("sign-in")).isDisplayed() || d.findElement(By.id("signed-in")).isDisplayed());
        if (driver.findElement(By.id("signed-in")).isDisplayed()) {
            driver.findElement(By.id("sign-out")).click();
            wait.until(d -> d.findElement(By.id("sign-in")).isDisplayed());
        }
        driver.findElement(By.id("api-key")).sendKeys(apiKey, Keys.ENTER);
        wait.until(d -> d.findElement(By.id("signed-in")).isDisplayed());
    }

    /** What the page logged (console messages, failed requests), to explain a failed wait. */
    public static String consoleLog(WebDriver driver) {
        StringBuilder log = new StringBuilder();
        driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(entry -> log.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
        return log.toString();
    }

    /** A laptop screen, tall enough for a whole view in one screenshot. */
    public static void laptop(WebDriver driver) {
        driver.manage().window().setSize(new Dimension(1366, 1100));
    }

    /** A tablet in portrait. */
    public static void tablet(WebDriver driver) {
        driver.manage().window().setSize(new Dimension(820, 1180));
    }

    /** Saves a PNG of the top of the page as {@code target/screenshots/<name>.png}. */
    public static Path screenshot(WebDriver driver, String name) {
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
