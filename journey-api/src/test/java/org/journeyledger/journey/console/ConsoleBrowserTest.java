package org.journeyledger.journey.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.journeyledger.journey.readmodel.Processors;
import org.journeyledger.journey.security.Role;
import org.journeyledger.journey.support.Browser;
import org.journeyledger.journey.support.Credential;
import org.journeyledger.journey.support.BrowserTest;
import org.journeyledger.journey.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.purchase;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

/**
 * The agent console in a real headless Chromium against the running application: what an agent does with it, and
 * what the ledger then holds. Skipped where Chromium is not installed ({@link Browser}). Each view is saved as a
 * screenshot in {@code target/screenshots}.
 */
// Decided before the application starts: without a browser there is no point in starting it.
@EnabledIf(value = "org.journeyledger.journey.support.Browser#installed",
        disabledReason = "Browser tests skipped: need /usr/bin/chromium and /usr/bin/chromedriver "
                + "(Debian: apt-get install -y chromium chromium-driver)")
class ConsoleBrowserTest extends BrowserTest {

    private static final List<String> PROJECTIONS = List.of(Processors.CUSTOMER_CONTEXT);

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    private EventProcessingConfiguration processing;

    @BeforeEach
    void laptopWindow() {
        Browser.laptop(browser);
    }

    @Test
    void anAgentFindsACustomerByAnIdentifierSpokenDifferentlyAndSeesTimelineAndContext() {
        String email = email();
        Scenario customer = new Scenario("email", email);
        String conversation = "case-" + UUID.randomUUID().toString().substring(0, 6);
        String customerId = recordNew(customer.interaction("app", conversation, now.minus(3, ChronoUnit.HOURS),
                "message", "My blender stopped working"));
        recordNew(customer.fact("chat", conversation, now.minus(2, ChronoUnit.HOURS), "order_number", "SO-558120"));
        recordNew(customer.issueRaised("chat", conversation, now.minus(110, ChronoUnit.MINUTES), "INC-" + shortNumber(),
                "Motor overheats"));
        recordNew(customer.promise("store", conversation, now.minus(1, ChronoUnit.HOURS), "callback-" + shortNumber(),
                now.plus(2, ChronoUnit.DAYS)));
        // Uploaded now, happened yesterday: the timeline shows both times.
        recordNew(with(purchase("store", now.minus(1, ChronoUnit.DAYS)), "email", email));
        awaitTimeline(customerId, 5);
        awaitContext(customerId, c -> c.path("promises").size() == 1);

        open();
        new Select(browser.findElement(By.id("find-type"))).selectByValue("email");
        browser.findElement(By.id("find-value")).sendKeys("  " + email.toUpperCase(Locale.ROOT) + " ", Keys.ENTER);

        waitFor(d -> customerId.equals(d.findElement(By.id("customer-id")).getText()));
        waitFor(d -> timelineEntries().size() == 5);
        waitFor(d -> contextText().contains("SO-558120"));
        assertThat(timelineEntries().get(0).getText()).contains("promise");
        WebElement purchase = timelineEntries().stream().filter(e -> e.getText().contains("purchase")).findFirst()
                .orElseThrow();
        assertThat(purchase.getAttribute("class")).contains("late");
        assertThat(purchase.getText()).contains("recorded later");
        assertThat(contextText()).contains("Motor overheats").contains("We will call you back").contains(conversation);
        Browser.screenshot(browser, "console-customer");

        browser.findElement(By.xpath("//section[@data-section='conversations']//button[text()='" + conversation + "']"))
                .click();
        WebElement resume = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("resume")));
        waitFor(d -> resume.getText().contains("My blender stopped working"));
        assertThat(resume.getText()).contains("App → Chat → Store".toLowerCase(Locale.ROOT)).contains("SO-558120");
        Browser.screenshot(browser, "console-resume");

        Browser.tablet(browser);
        browser.findElement(By.cssSelector("#resume .dialog-close button")).click();
        Browser.screenshot(browser, "console-tablet");
    }

    @Test
    void aTouchpointPostedOverHttpAppearsLiveOnTheOpenTimelineWithoutReload() {
        String email = email();
        String customerId = recordNew(with(touchpoint("web", "login", now.minus(5, ChronoUnit.MINUTES)), "email", email));
        awaitTimeline(customerId, 1);
        open(customerId);
        waitFor(d -> timelineEntries().size() == 1);
        waitFor(d -> "live".equals(d.findElement(By.id("live-state")).getText()));
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true");

        ObjectNode call = with(touchpoint("call_centre", "call", now), "email", email);
        String eventId = record(call).body().get("eventId").asText();

        waitFor(d -> !d.findElements(By.cssSelector("#timeline-items [data-event-id='" + eventId + "']")).isEmpty());
        assertThat(timelineEntries()).hasSize(2);
        assertThat(timelineEntries().get(0).getAttribute("data-event-id")).isEqualTo(eventId);
        waitFor(d -> d.findElement(By.id("customer-facts")).getText().startsWith("2 touchpoints"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded")).isEqualTo(true);
        Browser.screenshot(browser, "console-live");
    }

    @Test
    void aLongHistoryIsLoadedPageByPageAsTheAgentScrolls() {
        String email = email();
        var batch = JSON.createArrayNode();
        for (int i = 0; i < 120; i++) {
            batch.add(with(touchpoint(i % 3 == 0 ? "store" : "web", "page_view", now.minus(i, ChronoUnit.HOURS)),
                    "email", email));
        }
        JsonNode answer = post("/api/touchpoints/batch", batch).body();
        assertThat(answer.get("stored").asInt()).isEqualTo(120);
        String customerId = answer.get("results").get(0).get("customerId").asText();
        awaitTimeline(customerId, 120);

        open(customerId);
        waitFor(d -> timelineEntries().size() == 50);
        for (int expected : new int[] {100, 120}) {
            ((JavascriptExecutor) browser).executeScript("document.getElementById('timeline-end').scrollIntoView()");
            // At least: on a slow machine the end can stay in view and the next page follow at once.
            waitFor(d -> timelineEntries().size() >= expected);
        }
        assertThat(timelineEntries()).hasSize(120);
        waitFor(d -> d.findElement(By.id("timeline-end")).getText().startsWith("120 touchpoints"));
        assertThat(browser.findElement(By.id("timeline-more")).isDisplayed()).isFalse();
    }

    @Test
    void aContextSectionTheConsoleDoesNotKnowYetIsShownAnyway() {
        String email = email();
        String customerId = recordNew(with(touchpoint("web", "login", now.minus(5, ChronoUnit.MINUTES)), "email", email));
        awaitTimeline(customerId, 1);
        open(customerId);
        waitFor(d -> timelineEntries().size() == 1);
        // Another engineer's feature adds a section to the context JSON; the console has no code for it.
        ((JavascriptExecutor) browser).executeScript("""
                const fetchFromServer = window.fetch;
                window.fetch = async (url, options) => {
                  const response = await fetchFromServer(url, options);
                  if (!String(url).includes('/context')) return response;
                  const context = await response.json();
                  context.warranties = {'warranty-77': {terms: 'Free repairs for a year', agreedBy: 'rep:31',
                                                        validUntil: '2027-01-31T00:00:00Z', status: 'active'}};
                  return new Response(JSON.stringify(context), {status: 200});
                };""");

        record(with(touchpoint("field_sales", "visit", now), "email", email));

        WebElement warranties = waitFor(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#context-sections [data-section='warranties']")));
        assertThat(warranties.getText()).contains("Warranties").contains("warranty-77").contains("Free repairs for a year")
                .contains("rep:31");
        Browser.screenshot(browser, "console-generic-section");
    }

    @Test
    void aFactNotedByTheAgentShowsOnTheTimelineAndInTheContextWithTheAgentAsActor() {
        String email = email();
        String customerId = recordNew(with(touchpoint("web", "login", now.minus(1, ChronoUnit.HOURS)), "email", email));
        awaitTimeline(customerId, 1);
        open(customerId);
        waitFor(d -> timelineEntries().size() == 1);

        String agent = "agent:" + shortNumber();
        WebElement agentBox = browser.findElement(By.id("agent"));
        agentBox.clear();
        agentBox.sendKeys(agent);
        new Select(browser.findElement(By.id("action-type"))).selectByValue("fact");
        browser.findElement(By.id("fact-key")).sendKeys("delivery_address");
        browser.findElement(By.id("fact-value")).sendKeys("12 Rua Augusta, Lisboa");
        browser.findElement(By.cssSelector("#action-form button[type=submit]")).click();

        waitFor(d -> timelineEntries().size() == 2);
        assertThat(timelineEntries().get(0).getText()).contains("fact").contains("12 Rua Augusta, Lisboa").contains(agent);
        waitFor(d -> contextText().contains("12 Rua Augusta, Lisboa"));
        JsonNode fact = awaitContext(customerId, c -> c.path("facts").has("delivery_address"))
                .path("facts").path("delivery_address");
        assertThat(fact.path("value").asText()).isEqualTo("12 Rua Augusta, Lisboa");
        assertThat(fact.path("actor").asText()).isEqualTo(agent);
        assertThat(fact.path("channel").asText()).isEqualTo("call_centre");
        assertThat(fact.path("source").asText()).isEqualTo("console");
        Browser.screenshot(browser, "console-agent-action");
    }

    @Test
    void theAsOfControlShowsTheContextAsTheLedgerKnewItThen() throws InterruptedException {
        String email = email();
        String customerId = recordNew(with(touchpoint("web", "login", now.minus(2, ChronoUnit.HOURS)), "email", email));
        recordNew(with(touchpoint("app", "login", now.minus(1, ChronoUnit.HOURS)), "email", email));
        Thread.sleep(1100);
        Instant then = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Thread.sleep(1100);
        recordNew(with(purchase("store", now.minus(3, ChronoUnit.HOURS)), "email", email));
        recordNew(with(touchpoint("email", "newsletter_opened", now.minus(30, ChronoUnit.MINUTES)), "email", email));
        awaitTimeline(customerId, 4);
        open(customerId, supervisorKey());
        waitFor(d -> timelineEntries().size() == 4);

        browser.findElement(By.id("verify")).click();
        waitFor(d -> d.findElement(By.id("verify-result")).getText().startsWith("Intact"));
        ((JavascriptExecutor) browser).executeScript("""
                const d = new Date(arguments[1]), pad = (n) => String(n).padStart(2, '0');
                arguments[0].value = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T`
                    + `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;""",
                browser.findElement(By.id("as-of")), then.toString());
        browser.findElement(By.cssSelector("#as-of-form button[type=submit]")).click();

        waitFor(d -> timelineEntries().size() == 2);
        waitFor(d -> d.findElement(By.id("as-of-banner")).isDisplayed());
        waitFor(d -> d.findElement(By.id("customer-facts")).getText().startsWith("2 touchpoints"));
        assertThat(((JavascriptExecutor) browser).executeScript("return document.getElementById('action-form').inert"))
                .as("nothing can be recorded while looking at the past").isEqualTo(true);
        assertThat(browser.findElement(By.id("export")).getAttribute("href"))
                .endsWith("/api/audit/customers/" + customerId + "/export");
        Browser.screenshot(browser, "console-as-of");

        browser.findElement(By.id("as-of-clear")).click();
        waitFor(d -> timelineEntries().size() == 4);
    }

    @Test
    void anAgentConfirmsAPossibleMatchAndUndoesTheMergeWhenItTurnsOutWrong() {
        String device = "tablet-" + shortNumber();
        String first = recordNew(with(with(touchpoint("app", "login", now.minus(2, ChronoUnit.HOURS)), "email",
                email()), "device_id", device));
        String secondEmail = email();
        String second = recordNew(with(touchpoint("web", "login", now.minus(1, ChronoUnit.HOURS)), "email",
                secondEmail));
        record(with(with(touchpoint("app", "login", now.minus(30, ChronoUnit.MINUTES)), "email", secondEmail),
                "device_id", device));
        awaitContext(second, c -> c.path("possibleMatches").size() == 1);
        open(second, supervisorKey()); // confirming is an agent's; undoing a merge an auditor's
        waitFor(d -> contextText().contains("Possible matches"));
        WebElement agentBox = browser.findElement(By.id("agent"));
        agentBox.clear();
        agentBox.sendKeys("agent:" + shortNumber());

        // The projections are held back while the agent decides, as under load: the answer and the page of the
        // survivor come before the projections have folded the merge, and its live stream opens after the merge.
        try (var paused = pause(PROJECTIONS)) {
            browser.findElement(By.xpath("//button[text()='Same person: merge']")).click();
            waitFor(d -> first.equals(d.findElement(By.id("customer-id")).getText()));
            holdBack();
        }
        waitFor(d -> contextText().contains("Merged profiles") && contextText().contains(second));
        waitFor(d -> timelineEntries().size() == 3);
        Browser.screenshot(browser, "console-identity");

        browser.findElement(By.cssSelector(".merge .unmerge input")).sendKeys("Two sisters share the tablet");
        try (var paused = pause(PROJECTIONS)) {
            browser.findElement(By.xpath("//button[text()='Undo merge']")).click();
            waitFor(d -> statusText().startsWith("Merge undone"));
            holdBack();
        }

        waitFor(d -> contextText().contains("undone") && contextText().contains("Two sisters share the tablet"));
        waitFor(d -> timelineEntries().size() == 1);
        assertThat(resolve("email", secondEmail).body().get("customerId").asText()).isEqualTo(second);
    }

    /** Opens the console signed in as an agent. */
    private void open() {
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/");
        Browser.signIn(browser, agentKey());
        waitFor(ExpectedConditions.elementToBeClickable(By.id("find-value")));
    }

    /** Opens the console, signed in as an agent, on a customer whose touchpoints are all on the timeline and the context. */
    private void open(String customerId) {
        open(customerId, agentKey());
    }

    private void open(String customerId, String apiKey) {
        awaitContext(customerId, c -> c.path("touchpointCount").asLong() > 0);
        browser.get("about:blank"); // a new page load: only the hash would differ from the page already open
        browser.get("http://localhost:" + port + "/");
        Browser.signIn(browser, apiKey);
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/#customer=" + customerId);
        waitFor(d -> customerId.equals(d.findElement(By.id("customer-id")).getText()));
    }

    private String agentKey() {
        return ((Credential.ApiKey) as(Role.AGENT)).secret();
    }

    /** Verifying, looking into the past and undoing merges are an auditor's: a supervisor who is both. */
    private String supervisorKey() {
        return ((Credential.ApiKey) as(Role.AGENT, Role.AUDITOR)).secret();
    }

    private List<WebElement> timelineEntries() {
        return browser.findElements(By.cssSelector("#timeline-items > li"));
    }

    /** Long enough for the page to have read (and, were it not to wait, shown) the context of before. */
    private static void holdBack() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private interface Paused extends AutoCloseable {
        @Override
        void close();
    }

    private String statusText() {
        return browser.findElement(By.id("status")).getText();
    }

    /** Stops the processors until closed; they then go on from where they stopped. */
    private Paused pause(List<String> processorNames) {
        List<StreamingEventProcessor> processors = processorNames.stream()
                .map(name -> processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow()).toList();
        processors.forEach(StreamingEventProcessor::shutDown);
        return () -> processors.forEach(StreamingEventProcessor::start);
    }

    private String contextText() {
        return browser.findElement(By.id("context-sections")).getText();
    }

    private static <T> T waitFor(java.util.function.Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(30)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            Browser.screenshot(browser, "failed-wait");
            throw new AssertionError("Gave up waiting. The page logged:\n" + Browser.consoleLog(browser)
                    + "\nThe page shows:\n" + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    private static String shortNumber() {
        return Integer.toString(1000 + (int) (Math.random() * 9000));
    }
}
