package org.journeyledger.journey.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.journeyledger.journey.problem.FieldProblem;
import org.journeyledger.journey.problem.InvalidFieldsException;
import org.journeyledger.journey.problem.NotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Administrators issue, list and revoke API keys. A key's secret is in the answer to its creation and nowhere else.
 */
@RestController
@RequestMapping(path = "/api/admin/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Administration", description = "Credentials")
class ApiKeyController {

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    /** What to create: a unique name, one or more roles, optionally the key's own write rate limit. */
    record NewKey(String name, List<String> roles, Integer requestsPerSecond, Integer burst) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue an API key; the answer's 'key' is the only copy of the secret")
    ApiKeys.IssuedKey create(@RequestBody NewKey request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.name() == null || !request.name().matches("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")) {
            problems.add(new FieldProblem("name", "must be 1-128 letters, digits or . _ : @ - (it names the "
                    + "credential in the access log)"));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (request.roles() == null || request.roles().isEmpty()) {
            problems.add(new FieldProblem("roles", "must name at least one of channel, agent, auditor, admin, analyst"));
        } else {
            for (int i = 0; i < request.roles().size(); i++) {
                try {
                    roles.add(Role.parse(String.valueOf(request.roles().get(i))));
                } catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem("roles[" + i + "]", e.getMessage()));
                }
            }
        }
        if (request.requestsPerSecond() != null && request.requestsPerSecond() < 1) {
            problems.add(new FieldProblem("requestsPerSecond", "must be at least 1"));
        }
        if (request.burst() != null && request.burst() < 1) {
            problems.add(new FieldProblem("burst", "must be at least 1"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFieldsException(problems);
        }
        try {
            return keys.issue(request.name(), roles, request.requestsPerSecond(), request.burst());
        } catch (DuplicateKeyException e) {
            throw new InvalidFieldsException("name", "is taken by another key (revoked keys keep their names)");
        }
    }

    @GetMapping
    @Operation(summary = "Every key, active and revoked, without secrets")
    List<ApiKey> list() {
        return keys.list();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke a key: from now on it authenticates nothing; the row stays for the access log")
    ApiKey revoke(@PathVariable UUID id) {
        return keys.revoke(id).orElseThrow(() -> new NotFoundException("No API key has id " + id));
    }
}
