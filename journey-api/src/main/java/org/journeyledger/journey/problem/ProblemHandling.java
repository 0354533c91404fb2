package org.journeyledger.journey.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.journeyledger.journey.identity.MergeRefusedException;
import org.journeyledger.journey.touchpoint.SourceEventIdReusedException;
import org.journeyledger.journey.touchpoint.TouchpointRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Optional;

/**
 * Answers every refused request with an RFC 9457 {@code application/problem+json} document that says what to fix.
 * {@link #problemFor(Throwable)} is also used for per-item answers of batches.
 */
@RestControllerAdvice
public class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    /** The problem document for a refusal of the ledger's own, or empty for an unexpected failure. */
    public Optional<ProblemDetail> problemFor(Throwable e) {
        if (e instanceof InvalidFieldsException invalid) {
            return Optional.of(Problems.invalidFields(invalid.problems()));
        }
        if (e instanceof MergeRefusedException refused) {
            return Optional.of(Problems.of(HttpStatus.CONFLICT, "merge-refused",
                    "The merge contradicts the customers' history", refused.getMessage()));
        }
        if (e instanceof SourceEventIdReusedException reused) {
            ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "source-event-id-reused",
                    "sourceEventId reused for a different touchpoint", reused.getMessage());
            problem.setProperty("customerId", reused.original().customerId());
            problem.setProperty("eventId", reused.original().eventId());
            return Optional.of(problem);
        }
        if (e instanceof TouchpointRefusedException refused) {
            ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "touchpoint-refused",
                    "Touchpoint contradicts the customer's history", refused.getMessage());
            problem.setProperty("errors", List.of(new FieldProblem(refused.field(), refused.getMessage())));
            return Optional.of(problem);
        }
        if (e instanceof NotFoundException notFound) {
            return Optional.of(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", notFound.getMessage()));
        }
        if (e instanceof PayloadTooLargeException tooLarge) {
            return Optional.of(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large",
                    tooLarge.getMessage()));
        }
        return Optional.empty();
    }

    @ExceptionHandler({InvalidFieldsException.class, MergeRefusedException.class,
            SourceEventIdReusedException.class, TouchpointRefusedException.class, NotFoundException.class,
            PayloadTooLargeException.class})
    ResponseEntity<ProblemDetail> refused(RuntimeException e) {
        ProblemDetail problem = problemFor(e).orElseThrow();
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> wrongParameterType(MethodArgumentTypeMismatchException e) {
        ProblemDetail problem = Problems.invalidFields(List.of(new FieldProblem(e.getName(),
                "'" + e.getValue() + "' is not a valid value")));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure while handling a request", e);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The ledger could not handle the request; nothing was stored. Retry later; if it persists, the "
                        + "operators will find the cause in the log.");
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problemFor(tooLarge).orElseThrow());
            }
        }
        String message = "is not readable JSON";
        if (e.getCause() instanceof JsonProcessingException json) {
            JsonLocation at = json.getLocation();
            message = "is malformed JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + json.getOriginalMessage();
        } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            message = "is missing; send the touchpoint as a JSON object";
        }
        return ResponseEntity.badRequest().body(Problems.invalidFields(List.of(new FieldProblem("", message))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return ResponseEntity.badRequest().body(Problems.invalidFields(List.of(
                new FieldProblem(e.getParameterName(), "is a required query parameter"))));
    }
}
