package com.provider.douyin.client.dto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A JSON integer, or a string of decimal digits with an optional minus sign, as an exact {@code long}. Out of
 * range, a fraction, an exponent, blanks, a plus sign, an empty string or any other token fail the answer.
 */
@RegisterForReflection
public class Int64Deserializer extends StdScalarDeserializer<Long> {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

    public Int64Deserializer() {
        super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getLongValue(); // fails beyond the long range
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            if (DECIMAL.matcher(text).matches()) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException outOfRange) {
                    // reported below
                }
            }
            return (Long) context.handleWeirdStringValue(Long.class, text,
                    "not a decimal integer within the int64 range");
        }
        return (Long) context.handleUnexpectedToken(Long.class, parser);
    }
}
