package org.journeyledger.journey.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;

/**
 * A test of the console in a real headless Chromium: one browser per test class, started before its first test and
 * quit after its last. Subclasses keep {@code @EnabledIf("…Browser#installed")} on themselves, so that without a
 * browser the application is not even started.
 */
public abstract class BrowserTest extends LedgerIntegrationTest {

    protected static WebDriver browser;

    @BeforeEach
    void openBrowser() {
        if (browser == null) {
            browser = Browser.start();
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }
}
