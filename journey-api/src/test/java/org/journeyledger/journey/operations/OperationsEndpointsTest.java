package org.journeyledger.journey.operations;

import org.journeyledger.journey.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.journeyledger.journey.support.Touchpoints.email;
import static org.journeyledger.journey.support.Touchpoints.touchpoint;
import static org.journeyledger.journey.support.Touchpoints.with;

class OperationsEndpointsTest extends LedgerIntegrationTest {

    @Test
    void healthReportsTheDatabaseAndEveryProjection() {
        var health = get("/actuator/health").body();

        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/processors/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/processors/details/customer-context/running").asBoolean()).isTrue();
        assertThat(health.at("/components/processors/details/journey-analytics/running").asBoolean()).isTrue();
        assertThat(health.at("/components/processors/details/journey-events-publisher/running").asBoolean()).isTrue();
    }

    @Test
    void prometheusExposesIngestionAndProjectionLag() throws Exception {
        recordNew(with(touchpoint("web", "login", Instant.now()), "email", email()));

        String metrics = text("/actuator/prometheus");

        assertThat(metrics).contains("journey_touchpoints_ingested_total{", "outcome=\"stored\"");
        assertThat(metrics).contains("journey_processor_lag{", "processor=\"customer-context\"");
    }

    @Test
    void theOpenApiDocumentDescribesTheApiAndSwaggerUiIsServed() throws Exception {
        var openApi = get("/v3/api-docs").body();

        assertThat(openApi.at("/paths/~1api~1touchpoints/post")).isNotNull();
        assertThat(openApi.at("/paths/~1api~1customers~1{customerId}~1timeline/get").isMissingNode()).isFalse();
        assertThat(openApi.at("/components/schemas/Touchpoint/properties/sourceEventId").isMissingNode()).isFalse();
        assertThat(text("/swagger-ui/index.html")).contains("Swagger UI");
    }

    private String text(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("X-API-Key", ALL_ROLES_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
