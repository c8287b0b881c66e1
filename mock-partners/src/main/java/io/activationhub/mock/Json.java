package io.activationhub.mock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;

/** The JSON codec shared by the mocks: compact for partner APIs, indented for the inspection API. */
final class Json {

    static final ObjectMapper COMPACT = new ObjectMapper();
    static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** Parses a request body; an empty body reads as an empty object. */
    static JsonNode read(byte[] body) {
        if (body.length == 0) {
            return COMPACT.createObjectNode();
        }
        try {
            return COMPACT.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("body is not valid JSON");
        }
    }

    static byte[] write(Object body, boolean indented) {
        try {
            return (indented ? INDENTED : COMPACT).writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a mock response", e);
        }
    }

    /** A text field, or null when absent or JSON null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
}
