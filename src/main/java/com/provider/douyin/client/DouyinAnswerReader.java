package com.provider.douyin.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads Douyin's answers for {@link DouyinApi} with its strict mapper, keeping the raw bytes: when the mapper
 * refuses an answer (an inexact or mistyped number, not JSON), the failure still carries Douyin's log id, read
 * from {@code extra.logid} of the raw answer (or the {@code X-Tt-Logid} header), and nothing of the answer goes
 * further. The REST client has already buffered the whole body, so keeping its bytes costs one copy.
 */
public class DouyinAnswerReader implements ReaderInterceptor {

    /** Only reads the log id out of an answer the strict mapper refused. */
    private static final ObjectMapper LENIENT = new ObjectMapper();
    private static final int MAX_DETAIL = 300;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] raw = context.getInputStream().readAllBytes();
        context.setInputStream(new ByteArrayInputStream(raw));
        try {
            return context.proceed();
        } catch (IOException | RuntimeException failure) {
            JsonProcessingException json = jsonCause(failure);
            if (json == null) {
                throw failure;
            }
            String logId = logId(raw);
            throw new MalformedAnswerException("Douyin's answer is not exactly as the protocol says (" + describe(json)
                    + "); nothing of it is used", logId != null ? logId
                    : context.getHeaders().getFirst(PlatformOutcomes.LOG_ID_HEADER), json);
        }
    }

    private static JsonProcessingException jsonCause(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }

    /** The field path and what was wrong, without the source excerpt Jackson may add. */
    private static String describe(JsonProcessingException failure) {
        String what = failure.getOriginalMessage();
        if (failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String path = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            what = path + ": " + what;
        }
        what = what == null ? failure.getClass().getSimpleName() : what.replaceAll("\\s+", " ");
        return what.length() > MAX_DETAIL ? what.substring(0, MAX_DETAIL) + "..." : what;
    }

    private static String logId(byte[] raw) {
        try {
            JsonNode logId = LENIENT.readTree(raw).path("extra").path("logid");
            return logId.isTextual() ? logId.asText() : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }
}
