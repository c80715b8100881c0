package com.provider.douyin.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * The JSON mapper of the Douyin REST client only ({@link DouyinApi#objectMapper}): the application's mapper
 * (snake_case, unknown fields ignored) made strict, because a number read inexactly would be stored as money.
 * No float, exponent, string or boolean becomes an integer; no number or string becomes a boolean; no string
 * becomes a float; duplicate keys and trailing content fail. The one exception is the protocol's own: int64
 * fields marked {@link com.provider.douyin.client.dto.Int64} also take a decimal-integer string, exactly.
 */
public final class DouyinJson {

    private DouyinJson() {
    }

    public static ObjectMapper strict(ObjectMapper applicationMapper) {
        ObjectMapper strict = applicationMapper.copy();
        strict.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            strict.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setAcceptBlankAsEmpty(false);
        }
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return strict;
    }
}
