package org.journeyledger.journey.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Applies {@link PersonalDataMasking} to every JSON answer of the API whose caller may not see identifiers.
 */
@ControllerAdvice
class MaskingAdvice implements ResponseBodyAdvice<Object> {

    private final ObjectMapper mapper;

    MaskingAdvice(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return MappingJackson2HttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body == null || !request.getURI().getPath().startsWith("/api/")) {
            return body;
        }
        boolean masked = Caller.current().map(PersonalDataMasking::masks).orElse(false);
        if (!masked) {
            return body;
        }
        JsonNode tree = mapper.valueToTree(body);
        return PersonalDataMasking.mask(tree);
    }
}
