package org.journeyledger.journey.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.journeyledger.journey.security.Role;
import org.journeyledger.journey.support.Browser;
import org.journeyledger.journey.support.Credential;
import org.journeyledger.journey.support.BrowserTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.shortId;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * Field story S5 on screen: the console's journey view draws the analytics of touchpoints recorded through the public
 * API as charts, and each mark says its value in words (its aria-label and tooltip), which is what this test reads.
 */
@EnabledIf(value = "org.journeyledger.journey.support.Browser#installed",
        disabledReason = "Browser tests skipped: need /usr/bin/chromium and /usr/bin/chromedriver "
                + "(Debian: apt-get install -y chromium chromium-driver)")
class JourneyChartsBrowserTest extends BrowserTest {


    @Test
    void theJourneyViewDrawsTheMostCommonRatedAndMovingPointsAndTheRates() {
        // A day of its own, long ago, so that other tests' touchpoints never fall into the range.
        LocalDate day = LocalDate.of(1990, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 1500));
        Instant t = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
        Scenario ana = new Scenario("email", email());
        Scenario ben = new Scenario("email", email());
        String caraEmail = email();
        Scenario cara = new Scenario("email", caraEmail);
        String caseId = "case-" + shortId();
        String promiseId = "callback-" + shortId();

        recordNew(rated(ana.interaction("web", null, t, "form", "Looked for a delivery date"), 0.8, 5));
        recordNew(rated(cara.interaction("app", null, t.plusSeconds(600), "form", "Could not pay"), null, 2));
        recordNew(with(touchpoint("web", "page_view", t.plusSeconds(1200)), "email", caraEmail));
        recordNew(rated(ben.interaction("web", null, t.plusSeconds(1800), "form", "Browsed"), 0.6, null));
        recordNew(rated(ana.interaction("chat", caseId, t.plusSeconds(3600), "message", "Parcel is late"), -0.7, null));
        recordNew(ana.issueRaised("chat", caseId, t.plusSeconds(3900), "INC-" + shortId(), "Late parcel"));
        recordNew(rated(ben.interaction("chat", null, t.plusSeconds(7200), "message", "Wrong size"), -0.5, null));
        recordNew(rated(ana.interaction("chat", caseId, t.plusSeconds(10800), "message", "Still late!"), -0.9, null));
        recordNew(ana.promise("store", null, t.plusSeconds(14400), promiseId, Instant.now().plus(Duration.ofDays(1))));
        recordNew(ana.promiseKept("call_centre", t.plusSeconds(18000), promiseId));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> get("/api/analytics/journeys?from=" + day + "&to=" + day).body(),
                        r -> total(r) == 10 && r.at("/channels").toString().contains("\"promisesKeptOnTime\":1"));

        // An analyst's key: the journey view needs nothing else, and may show no customer.
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/");
        Browser.signIn(browser, ((Credential.ApiKey) as(Role.ANALYST)).secret());
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/#journeys&from=" + day + "&to=" + day);
        waitFor(d -> !marks("common").isEmpty());

        // Most common: chat interactions (3), then web interactions (2).
        assertThat(labels("common")).startsWith("Chat · interaction: 3 touchpoints", "Web · interaction: 2 touchpoints");
        assertThat(marks("common").get(0).getText()).contains("chat · interaction").contains("3");
        // Most positive on top, most negative at the bottom; chat: (-0.7 - 0.5 - 0.9) / 3; app: CSAT 2 -> (2 - 3) / 2.
        List<String> rated = labels("sentiment");
        assertThat(rated.get(0)).isEqualTo("Web · interaction: positive, score +0.70; mean sentiment +0.70 from 2 ratings, "
                + "mean CSAT 5.0 of 5 from 1 answer");
        assertThat(rated.get(rated.size() - 1)).startsWith("Chat · interaction: negative, score -0.70");
        assertThat(rated).contains("App · interaction: negative, score -0.50; mean CSAT 2.0 of 5 from 1 answer");
        assertThat(browser.findElements(By.cssSelector("[data-chart='sentiment'] .mark.negative"))).hasSize(2);
        // Transitions: web -> chat twice (ana, ben), once each app -> web, chat -> store, store -> call centre.
        assertThat(labels("transitions")).contains("From web to chat: 2 transitions", "From app to web: 1 transition",
                "From store to call centre: 1 transition");
        // Chat: the second inbound message while the issue was open is a re-contact; the store's promise was kept.
        assertThat(labels("rates")).contains("Chat re-contact rate: 33% (1 of 3 inbound contacts)",
                "Store promise-kept rate: 100% (1 on time, 0 late, 0 broken of 1 promise)");
        assertThat(labels("headline")).contains("Promise-kept rate: 100% (1 on time of 1 promise)");

        // The marks are reachable with Tab, in reading order after the range form.
        browser.findElement(By.cssSelector("#journeys-form button[type=submit]")).sendKeys(Keys.TAB);
        WebElement focused = browser.switchTo().activeElement();
        assertThat(focused.getAttribute("aria-label")).startsWith("Re-contact rate: ");
        Browser.screenshot(browser, "console-journeys");

        Browser.tablet(browser);
        assertThat(marks("common").get(0).isDisplayed()).isTrue();
        Browser.screenshot(browser, "console-journeys-tablet");
        Browser.laptop(browser);
    }

    private static ObjectNode rated(ObjectNode interaction, Double sentiment, Integer csat) {
        ObjectNode data = (ObjectNode) interaction.get("data");
        if (sentiment != null) {
            data.put("sentiment", sentiment);
        }
        if (csat != null) {
            data.put("csat", csat);
        }
        return interaction;
    }

    private static long total(JsonNode report) {
        long total = 0;
        for (JsonNode channel : report.path("channels")) {
            total += channel.path("touchpoints").asLong();
        }
        return total;
    }

    private static List<WebElement> marks(String chart) {
        return browser.findElements(By.cssSelector("[data-chart='" + chart + "'] .mark"));
    }

    private static List<String> labels(String chart) {
        return marks(chart).stream().map(m -> m.getAttribute("aria-label")).toList();
    }

    private static <T> T waitFor(java.util.function.Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            Browser.screenshot(browser, "failed-wait");
            throw new AssertionError("Gave up waiting. The page logged:\n" + Browser.consoleLog(browser)
                    + "\nThe page shows:\n" + browser.findElement(By.tagName("body")).getText(), e);
        }
    }
}
