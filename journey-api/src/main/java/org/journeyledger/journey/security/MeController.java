package org.journeyledger.journey.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Locale;

/**
 * Who the credential of the request is, so that the console can check a pasted key and show what it may do.
 */
@RestController
@Tag(name = "Administration")
class MeController {

    /** The credential's name and its roles (lower case). */
    record Me(String name, List<String> roles) {
    }

    @GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The credential's name and roles")
    Me me() {
        Caller caller = Caller.current().orElseThrow();
        return new Me(caller.name(), caller.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
    }
}
