package org.journeyledger.journey.access;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Auditors read who accessed a customer's personal data.
 */
@RestController
@Tag(name = "Audit")
class AccessLogController {

    static final int MAX_LIMIT = 500;

    private final AccessLog log;

    AccessLogController(AccessLog log) {
        this.log = log;
    }

    @GetMapping(path = "/api/audit/customers/{customerId}/access-log", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Who read or changed the customer's personal data, newest first",
            description = "Pass nextCursor as cursor for the next, older page. Entries are never changed or removed.")
    AccessLog.Page accessLog(@PathVariable String customerId, @RequestParam(defaultValue = "50") int limit,
                             @RequestParam(required = false) String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidFieldsException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new InvalidFieldsException("cursor", "is not a cursor this endpoint gave out");
            }
        }
        return log.page(customerId, limit, before);
    }
}
